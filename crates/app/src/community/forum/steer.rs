//! Changing a thread or a post's standing: "helpful" reactions, closing and reopening
//! (the thread's author or a moderator), the accepted answer (the asker or a
//! moderator), and pinning and locking (moderators; the route's action checks it).

use axum::{
    Extension, Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

use super::write::poster;
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    policy,
    state::AppState,
    web::forms::{Pairs, field},
};

/// `POST /community/posts/{id}/helpful`: gives or takes back the member's "helpful"
/// (never on their own post).
pub async fn toggle_helpful(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = poster(&auth)?;
    let post = state.store.forum_post(id, Some(user.id)).await?;
    if !policy::can_read_post(&auth.actor, post.author_id, &post.state) {
        return Err(AppError::NotFound);
    }
    if !policy::can_mark_helpful(&auth.actor, post.author_id) {
        return Err(AppError::Forbidden);
    }
    state.store.toggle_forum_helpful(id, user.id).await?;
    Ok(Redirect::to(&format!("/community/posts/{id}")).into_response())
}

/// The thread `id`, if `auth` may steer it (its author or a moderator; else 403).
async fn steerable(state: &AppState, auth: &RequestAuth, id: i64) -> AppResult<altto_store::Thread> {
    let thread = state.store.forum_thread(id, auth.actor.user_id()).await?;
    if !policy::can_steer_thread(&auth.actor, thread.author_id) {
        return Err(AppError::Forbidden);
    }
    Ok(thread)
}

/// `POST /community/t/{id}/close`: `closed=1` closes, `closed=0` reopens.
pub async fn close_thread(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let thread = steerable(&state, &auth, id).await?;
    let closed = match field(&pairs, "closed") {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::BadInput("forum-error-bad-request")),
    };
    state.store.set_forum_thread_closed(thread.id, closed).await?;
    Ok(Redirect::to(&format!("/community/t/{id}")).into_response())
}

/// `POST /community/t/{id}/accept`: `post=<id>` accepts that reply as the answer; an
/// empty `post` undoes the choice.
pub async fn accept_answer(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let thread = steerable(&state, &auth, id).await?;
    if !thread.is_question {
        return Err(AppError::BadInput("forum-error-not-question"));
    }
    let actor = auth.actor.user().ok_or(AppError::Forbidden)?;
    let chosen = match field(&pairs, "post").trim() {
        "" => None,
        text => {
            let post_id: i64 = text.parse().map_err(|_| AppError::BadInput("forum-error-bad-request"))?;
            let post = state
                .store
                .forum_post(post_id, None)
                .await
                .map_err(|_| AppError::BadInput("forum-error-bad-request"))?;
            if post.thread_id != thread.id || post.id == thread.first_post_id || !post.published() {
                return Err(AppError::BadInput("forum-error-bad-request"));
            }
            Some(post)
        }
    };
    state.store.set_forum_accepted_answer(thread.id, chosen.as_ref().map(|post| post.id)).await?;
    if let Some(post) = chosen.filter(|post| thread.accepted_post_id != Some(post.id)) {
        super::notify::accepted(&state, actor, &thread, post.id, post.author_id).await;
    }
    Ok(Redirect::to(&format!("/community/t/{id}")).into_response())
}

/// `POST /community/t/{id}/moderate`: `action` is `pin`, `unpin`, `lock` or `unlock`
/// (each in the audit log).
pub async fn moderate_thread(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let thread = state.store.forum_thread(id, None).await?;
    let action = match field(&pairs, "action") {
        "pin" => {
            state.store.set_forum_thread_pinned(thread.id, true).await?;
            "forum_thread_pinned"
        }
        "unpin" => {
            state.store.set_forum_thread_pinned(thread.id, false).await?;
            "forum_thread_unpinned"
        }
        "lock" => {
            state.store.set_forum_thread_locked(thread.id, true).await?;
            "forum_thread_locked"
        }
        "unlock" => {
            state.store.set_forum_thread_locked(thread.id, false).await?;
            "forum_thread_unlocked"
        }
        _ => return Err(AppError::BadInput("forum-error-bad-request")),
    };
    super::moderate::log(&state, &auth, action, thread.author_id, &format!("thread {id}: {}", thread.title))
        .await?;
    Ok(Redirect::to(&format!("/community/t/{id}")).into_response())
}
