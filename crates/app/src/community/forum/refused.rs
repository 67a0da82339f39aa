//! The page a form gets when a post is refused for a reason no field can show:
//! posting too fast (429, with `Retry-After`, saying when the member may post again)
//! or the same text already posted in another thread (409, with a link to it). The
//! text the member wrote is on the page, to copy: nothing they wrote is lost.

use askama::Template;
use axum::{
    http::{StatusCode, header},
    response::Response,
};

use super::posting::Refusal;
use crate::{community::messages::when, web::Ctx};

/// The refusal's page.
#[derive(Template)]
#[template(path = "community/forum_refused.html")]
pub struct RefusedPage {
    ctx: Ctx,
    title: String,
    message: String,
    link: Option<String>,
    /// What the member wrote.
    text: String,
}

/// The page for `refusal` of the post `text` (a form's own problems are shown on the
/// form instead, as a 422 page saying so if one reaches here).
pub fn refused(ctx: &Ctx, refusal: Refusal, text: &str) -> Response {
    let (status, title, message, link, retry) = match refusal {
        Refusal::TooFast { again_at } => {
            let secs = Refusal::retry_after_secs(again_at);
            let minutes = secs.div_ceil(60).max(1).to_string();
            let message = ctx.t2("forumapi-too-fast", "when", &when(again_at), "minutes", &minutes);
            (StatusCode::TOO_MANY_REQUESTS, ctx.t("forumapi-too-fast-title"), message, None, Some(secs))
        }
        Refusal::CrossPost { thread_id } => (
            StatusCode::CONFLICT,
            ctx.t("forumapi-cross-post-title"),
            ctx.t("forumapi-cross-post"),
            Some(format!("/community/t/{thread_id}")),
            None,
        ),
        Refusal::Invalid(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.t("error-400-title"),
            ctx.t("error-400-message"),
            None,
            None,
        ),
    };
    let page = RefusedPage { ctx: ctx.clone(), title, message, link, text: text.trim().to_owned() };
    let mut response = ctx.render_with_status(status, &page);
    if let Some(secs) = retry
        && let Ok(value) = secs.to_string().parse()
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
