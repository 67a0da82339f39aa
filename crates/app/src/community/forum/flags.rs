//! Flags: a member tells the moderators about someone else's post, with a reason
//! (spam, rude or abusive, off-topic, or another, explained). A flag is a row of the
//! shared reports table (`subject_kind = 'post'`), checked by the same rule as a
//! message's report; one open flag per member and post. The moderators are told, and
//! the post waits in the review queue (`/community/review`) until one of them decides.

use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::write::poster;
use crate::{
    accounts::limits,
    auth::RequestAuth,
    community::messages_safety::{REPORTS_PER_MEMBER, check_report},
    error::{AppError, AppResult},
    notifications::{self, Notice},
    policy,
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs},
    },
};
use altto_store::{NewReport, PostView};

/// The reasons a flag may give; each is a translation `reports-reason-<code>`.
pub const FLAG_REASONS: [&str; 4] = ["spam", "rude", "off-topic", "other"];

/// `/community/posts/{id}/flag`.
#[derive(Template)]
#[template(path = "community/forum_flag.html")]
pub struct FlagPage {
    ctx: Ctx,
    post_id: i64,
    author: String,
    excerpt: String,
    form: FormState,
    /// Whether the reader has already flagged the post (and it is not yet reviewed).
    flagged: bool,
}

impl FlagPage {
    fn reasons(&self) -> &'static [&'static str] {
        &FLAG_REASONS
    }
}

/// The post `id`, if the reader may see and flag it (not their own: 403).
async fn flaggable(state: &AppState, auth: &RequestAuth, id: i64) -> AppResult<PostView> {
    let post = state.store.forum_post(id, auth.actor.user_id()).await?;
    if !post.published() || !policy::can_read_post(&auth.actor, post.author_id, &post.state) {
        return Err(AppError::NotFound);
    }
    if !policy::can_flag_post(&auth.actor, post.author_id) {
        return Err(AppError::Forbidden);
    }
    Ok(post)
}

fn flag_page(ctx: &Ctx, post: &PostView, form: FormState, flagged: bool) -> FlagPage {
    FlagPage {
        ctx: ctx.clone(),
        post_id: post.id,
        author: post.author_name.clone().unwrap_or_else(|| ctx.t("forum-former-member")),
        excerpt: post.body.chars().take(300).collect(),
        form,
        flagged,
    }
}

/// `GET /community/posts/{id}/flag`: the form, or "already flagged".
pub async fn edit_flag(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = poster(&auth)?;
    let post = flaggable(&state, &auth, id).await?;
    let flagged = state.store.has_open_report(user.id, "post", post.id).await?;
    Ok(ctx.render(&flag_page(&ctx, &post, FormState::new(), flagged)))
}

/// `POST /community/posts/{id}/flag`: stores the flag and tells the moderators; a
/// second open flag from the same member is refused (409) and nothing is stored.
pub async fn submit_flag(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let user = poster(&auth)?;
    let post = flaggable(&state, &auth, id).await?;
    if state.store.has_open_report(user.id, "post", post.id).await? {
        return Ok(
            ctx.render_with_status(StatusCode::CONFLICT, &flag_page(&ctx, &post, FormState::new(), true))
        );
    }
    let mut form = FormState::new();
    let Some((reason, detail)) = check_report(&pairs, &FLAG_REASONS, &mut form) else {
        let page = flag_page(&ctx, &post, form, false);
        return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    limits::hit(&state, REPORTS_PER_MEMBER, &user.id.to_string()).await?;
    let report = NewReport {
        reporter: user.id,
        subject_kind: "post",
        subject_id: post.id,
        subject_author: post.author_id,
        reason,
        detail: &detail,
    };
    state.store.add_report(&report).await?;
    let moderators = state.store.moderator_ids().await?;
    let note = format!("[{reason}] {detail}\n\n> {}", post.body.chars().take(500).collect::<String>());
    let title = post.author_name.clone().unwrap_or_default();
    let notice =
        Notice { event: "report", title: &title, link: "/community/review", actor: Some(user), note: &note };
    notifications::tell(&state, &moderators, &notice).await?;
    Ok(Redirect::to(&format!("/community/posts/{id}/flag")).into_response())
}
