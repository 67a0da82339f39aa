//! A member's handle: what others type to mention them (`@handle`; see [`super::text`]).
//! Made from the display name on the first post; the member may choose another here.

use altto_store::StoreError;
use askama::Template;
use axum::{
    Extension, Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{ensure_handle, text};
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, field},
    },
};

/// `/community/handle`.
#[derive(Template)]
#[template(path = "community/forum_handle.html")]
pub struct HandlePage {
    ctx: Ctx,
    form: FormState,
    saved: bool,
}

/// `GET /community/handle`: the member's handle (made now if they have none).
pub async fn edit_handle(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> AppResult<Response> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let mut form = FormState::new();
    form.keep("handle", ensure_handle(&state.store, user).await?);
    let saved = query.as_deref() == Some("saved=1");
    Ok(ctx.render(&HandlePage { ctx: ctx.clone(), form, saved }))
}

/// `POST /community/handle`: chooses another handle, if it is well-formed and free.
pub async fn save_handle(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let handle = field(&pairs, "handle").trim().trim_start_matches('@').to_ascii_lowercase();
    let mut form = FormState::new();
    form.keep("handle", handle.clone());
    if !text::is_handle(&handle) {
        form.fail("handle", "forum-error-handle");
    } else {
        match state.store.set_member_handle(user.id, &handle).await {
            Ok(()) => return Ok(Redirect::to("/community/handle?saved=1").into_response()),
            Err(StoreError::Conflict(_)) => {
                form.fail("handle", "forum-error-handle-taken");
            }
            Err(err) => return Err(err.into()),
        }
    }
    let page = HandlePage { ctx: ctx.clone(), form, saved: false };
    Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
}
