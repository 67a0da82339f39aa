//! The site settings an admin changes in the browser: for now, who issues the site's
//! certificates (the name and address printed on them and signed into each one).

use askama::Template;
use axum::{
    Extension,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use crate::{
    auth::{RequestAuth, audit},
    certificates::Issuer,
    error::AppResult,
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, field},
    },
};

/// The site settings page.
#[derive(Template)]
#[template(path = "admin/site.html")]
pub struct SitePage {
    ctx: Ctx,
    form: FormState,
    saved: bool,
}

/// Query of the site settings page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SiteQuery {
    saved: Option<String>,
}

/// `GET /admin/site`.
pub async fn show_site(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<SiteQuery>,
) -> AppResult<Response> {
    let issuer = Issuer::of_site(&state).await?;
    let mut form = FormState::new();
    form.keep("issuer_name", issuer.name).keep("issuer_url", issuer.url);
    Ok(ctx.render(&SitePage { ctx: ctx.clone(), form, saved: query.saved.is_some() }))
}

/// `POST /admin/site`: saves the settings, or shows what is wrong and saves nothing.
pub async fn update_site(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    axum::Form(pairs): axum::Form<Pairs>,
) -> AppResult<Response> {
    let (name, url) = (field(&pairs, "issuer_name"), field(&pairs, "issuer_url"));
    match Issuer::parse(name, url) {
        Ok(issuer) => {
            let before = Issuer::of_site(&state).await?;
            if issuer != before {
                issuer.save(&state.store).await?;
                let detail = format!("certificate issuer: {} <{}>", issuer.name, issuer.url);
                audit(&state, &auth, "site_settings_changed", None, &detail).await?;
            }
            Ok(Redirect::to("/admin/site?saved=1").into_response())
        }
        Err(refusals) => {
            let mut form = FormState::new();
            form.keep("issuer_name", name.chars().take(500).collect::<String>())
                .keep("issuer_url", url.chars().take(500).collect::<String>());
            for (name, key) in refusals {
                form.fail(name, key);
            }
            let page = SitePage { ctx: ctx.clone(), form, saved: false };
            Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}
