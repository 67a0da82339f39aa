//! One-click links that stop one kind of notice mail (or the digest) to a member, with
//! no sign-in: a mail may be read anywhere, years later.
//!
//! The link is `/notifications/unsubscribe?what=<kind>&token=<token>`, the token the
//! newsletter's signed token (see `newsletter::tokens`) for its own purpose, over the
//! member's id, the kind and the member's address: a link changed to name another kind
//! or member is refused, and it stops working if the address changes. GET shows a
//! button (mail scanners open links, so a GET changes nothing); POST does it, and is
//! also the RFC 8058 one-click address that mail clients call without cookies or CSRF
//! token (`Action::Unsubscribe` exempts it), the token being the proof.

use altto_store::{StoreError, User, UserId};
use askama::Template;
use axum::{
    extract::{Query, State},
    response::Response,
};
use serde::Deserialize;

use super::kinds::{MailPrefs, NoticeKind};
use crate::{
    error::{AppError, AppResult},
    newsletter::tokens::{self, Purpose},
    state::AppState,
    web::Ctx,
};

/// What a link for the digest stops (its `what`).
pub const DIGEST: &str = "digest";

/// What a link stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// Mail about one kind of event.
    Kind(NoticeKind),
    /// The digest mail: every kind that went to it stays on the site.
    Digest,
}

impl Target {
    fn parse(what: &str) -> Option<Self> {
        if what == DIGEST { Some(Target::Digest) } else { NoticeKind::parse(what).map(Target::Kind) }
    }

    fn label_key(self) -> String {
        match self {
            Target::Kind(kind) => format!("notices-kind-{}", kind.code()),
            Target::Digest => "notices-kind-digest".to_owned(),
        }
    }
}

/// The text the token signs: what it stops and the member's address.
fn signed_text(what: &str, email: &str) -> String {
    format!("{what}:{email}")
}

/// The link that stops mail about `what` (a kind's code, or [`DIGEST`]) to `user`;
/// `None` for a member without an address.
pub fn link(state: &AppState, user: &User, what: &str) -> Option<String> {
    let email = user.email.as_deref()?;
    let token = tokens::sign(
        &state.secrets.csrf_key,
        Purpose::StopNoticeMail,
        user.id.0,
        &signed_text(what, email),
        0,
    );
    Some(format!("{}/notifications/unsubscribe?what={what}&token={token}", state.settings.base_url()))
}

/// A link's query.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkQuery {
    what: String,
    token: String,
}

/// The member a link is for and what it stops, or a 400 page that says the link is
/// not valid, in the reader's language.
async fn checked(state: &AppState, query: &LinkQuery) -> AppResult<(User, Target)> {
    let invalid = AppError::BadInput("notices-link-invalid");
    let (Some(target), Some(id)) = (Target::parse(&query.what), tokens::subscriber_of(&query.token)) else {
        return Err(invalid);
    };
    let user = match state.store.user(UserId(id)).await {
        Ok(user) => user,
        Err(StoreError::NotFound) => return Err(invalid),
        Err(err) => return Err(err.into()),
    };
    let Some(email) = user.email.as_deref() else { return Err(invalid) };
    let signed = signed_text(&query.what, email);
    let now = altto_store::now_millis();
    match tokens::verify(&state.secrets.csrf_key, Purpose::StopNoticeMail, &query.token, id, &signed, now) {
        Ok(()) => Ok((user, target)),
        Err(_) => Err(invalid),
    }
}

/// The page of a link: the question with its button, or what was done.
#[derive(Template)]
#[template(path = "notifications/stop_mail.html")]
pub struct StopMailPage {
    ctx: Ctx,
    title: String,
    message: String,
    /// Where the button posts, when there is one.
    action: Option<String>,
}

/// `GET /notifications/unsubscribe?what=…&token=…`: what the link stops, and a button.
pub async fn show_stop_mail(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<LinkQuery>,
) -> AppResult<Response> {
    let (_, target) = checked(&state, &query).await?;
    let page = StopMailPage {
        ctx: ctx.clone(),
        title: ctx.t("notices-stop-title"),
        message: ctx.t1("notices-stop-question", "what", &ctx.t(&target.label_key())),
        action: Some(format!("/notifications/unsubscribe?what={}&token={}", query.what, query.token)),
    };
    Ok(ctx.render(&page))
}

/// `POST /notifications/unsubscribe?what=…&token=…`: stops that mail (the notices
/// still come in the site).
pub async fn stop_mail(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<LinkQuery>,
) -> AppResult<Response> {
    let (user, target) = checked(&state, &query).await?;
    let mut prefs = MailPrefs::from_stored(&state.store.notice_prefs(user.id).await?);
    match target {
        Target::Kind(kind) => prefs.set(kind, super::kinds::MailMode::Site),
        Target::Digest => prefs.stop_digest(),
    }
    state.store.set_notice_prefs(user.id, prefs.to_stored().as_ref()).await?;
    let page = StopMailPage {
        ctx: ctx.clone(),
        title: ctx.t("notices-stopped-title"),
        message: ctx.t1("notices-stopped-message", "what", &ctx.t(&target.label_key())),
        action: None,
    };
    Ok(ctx.render(&page))
}
