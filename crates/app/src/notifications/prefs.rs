//! `/account/notifications`: for each kind of event the member is told about, whether
//! its mail comes at once, in the digest or not at all, and how often the digest
//! comes. Kinds a member is never told about (reports, the editorial workflow) are not
//! offered to them, and keep what they were.

use std::collections::HashMap;

use altto_store::User;
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::kinds::{MailMode, MailPrefs, NoticeKind};
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    state::AppState,
    web::Ctx,
};

/// One kind of event on the page, with its choices.
pub struct KindRow {
    /// The form field.
    code: &'static str,
    /// What it is, in the reader's language.
    label: String,
    /// Each mode: (code, label, chosen).
    options: Vec<(&'static str, String, bool)>,
}

/// The preferences page.
#[derive(Template)]
#[template(path = "notifications/prefs.html")]
pub struct PrefsPage {
    ctx: Ctx,
    rows: Vec<KindRow>,
    weekly: bool,
    saved: bool,
    error: Option<String>,
}

impl PrefsPage {
    fn new(ctx: &Ctx, user: &User, prefs: &MailPrefs) -> Self {
        let rows = NoticeKind::ALL
            .into_iter()
            .filter(|kind| kind.offered_to(user))
            .map(|kind| KindRow {
                code: kind.code(),
                label: ctx.t(&format!("notices-kind-{}", kind.code())),
                options: MailMode::ALL
                    .into_iter()
                    .map(|mode| {
                        (
                            mode.code(),
                            ctx.t(&format!("notices-mode-{}", mode.code())),
                            prefs.mode(kind) == mode,
                        )
                    })
                    .collect(),
            })
            .collect();
        Self { ctx: ctx.clone(), rows, weekly: prefs.weekly, saved: false, error: None }
    }
}

/// The page's query: whether a change was just saved.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SavedQuery {
    saved: String,
}

/// `GET /account/notifications`.
pub async fn show_prefs(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Query(query): Query<SavedQuery>,
) -> AppResult<Response> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let prefs = MailPrefs::from_stored(&state.store.notice_prefs(user.id).await?);
    let mut page = PrefsPage::new(&ctx, user, &prefs);
    page.saved = !query.saved.is_empty();
    Ok(ctx.render(&page))
}

/// The choices sent, or `None` when one offered kind or the frequency is missing or
/// not one of the choices.
fn chosen(user: &User, mut prefs: MailPrefs, form: &HashMap<String, String>) -> Option<MailPrefs> {
    for kind in NoticeKind::ALL.into_iter().filter(|kind| kind.offered_to(user)) {
        prefs.set(kind, MailMode::parse(form.get(kind.code())?)?);
    }
    prefs.weekly = match form.get("digest")?.as_str() {
        "daily" => false,
        "weekly" => true,
        _ => return None,
    };
    Some(prefs)
}

/// `POST /account/notifications`: saves the choices (a row only when they differ from
/// the defaults); a choice missing or unknown changes nothing and says so.
pub async fn save_prefs(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let before = MailPrefs::from_stored(&state.store.notice_prefs(user.id).await?);
    let Some(prefs) = chosen(user, before.clone(), &form) else {
        let mut page = PrefsPage::new(&ctx, user, &before);
        page.error = Some(ctx.t("notices-prefs-invalid"));
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    state.store.set_notice_prefs(user.id, prefs.to_stored().as_ref()).await?;
    Ok(Redirect::to("/account/notifications?saved=1").into_response())
}
