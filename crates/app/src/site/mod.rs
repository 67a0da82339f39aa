//! The site's own pages: home, about, and the language switch; and what the site tells
//! crawlers and feed readers: the sitemap, `robots.txt` and the Atom feeds.

pub mod feeds;
pub mod sitemap;

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use crate::{
    accounts::local_target,
    error::AppError,
    i18n::{LANG_COOKIE, Lang},
    policy::Action,
    state::AppState,
    web::{Ctx, meta::Meta, routes::Routes},
};

/// The site routes.
pub fn routes() -> Routes {
    use Action::ReadPublic;
    Routes::new()
        .get("/", ReadPublic, show_home)
        .get("/about", ReadPublic, show_about)
        .get("/lang/{code}", ReadPublic, switch_language)
        .get("/sitemap.xml", ReadPublic, sitemap::show_sitemap)
        .get("/robots.txt", ReadPublic, sitemap::show_robots)
        .get("/news/feed.xml", ReadPublic, feeds::news_feed)
        .get("/library/feed.xml", ReadPublic, feeds::library_feed)
        .get("/library/category/{category}/feed.xml", ReadPublic, feeds::library_category_feed)
}

/// The home page.
#[derive(Template)]
#[template(path = "site/home.html")]
pub struct HomePage {
    ctx: Ctx,
}

/// The about page.
#[derive(Template)]
#[template(path = "site/about.html")]
pub struct AboutPage {
    ctx: Ctx,
}

/// `GET /`: what altto is and where to start.
pub async fn show_home(State(state): State<AppState>, ctx: Ctx) -> Response {
    let meta = Meta::new(
        &state.settings.base_url(),
        ctx.lang,
        "/",
        &ctx.t("home-title"),
        &ctx.t("site-description"),
    );
    let ctx = ctx.with_meta(meta);
    ctx.render(&HomePage { ctx: ctx.clone() })
}

/// `GET /about`: the mission and the people behind it.
pub async fn show_about(State(state): State<AppState>, ctx: Ctx) -> Response {
    let meta = Meta::new(
        &state.settings.base_url(),
        ctx.lang,
        "/about",
        &ctx.t("about-title"),
        &ctx.t("about-lead"),
    );
    let ctx = ctx.with_meta(meta);
    ctx.render(&AboutPage { ctx: ctx.clone() })
}

/// Query of the language switch.
#[derive(Deserialize)]
pub struct SwitchQuery {
    next: Option<String>,
}

/// `GET /lang/{code}?next=/path`: remembers the chosen language in a cookie and goes
/// back to the page the visitor was on. A plain link, so it works without JavaScript.
pub async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<SwitchQuery>,
) -> Result<Response, AppError> {
    let lang = Lang::from_code(&code).filter(|lang| lang.code() == code).ok_or(AppError::NotFound)?;
    let next = local_target(query.next.as_deref().unwrap_or("/"), "/");
    let secure = if state.settings.is_https() { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", lang.code());
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(next)).into_response())
}
