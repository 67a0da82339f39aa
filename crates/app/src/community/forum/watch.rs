//! Watching a category: `POST /community/c/{slug}/watch` with `watch=1` starts, `0`
//! stops; a new thread in a watched category is a notice to its watchers (see
//! [`super::notify`]), its mail as each chose for that kind.

use axum::{
    Extension, Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    state::AppState,
};

/// The watch button's form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WatchForm {
    watch: String,
}

/// `POST /community/c/{slug}/watch`: starts or stops watching, back to the category.
pub async fn watch_category(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(slug): Path<String>,
    Form(input): Form<WatchForm>,
) -> AppResult<Response> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let watch = match input.watch.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::BadInput("notices-watch-invalid")),
    };
    let category = state.store.forum_category_by_slug(&slug).await?;
    state.store.watch_forum_category(category.id, user.id, watch).await?;
    Ok(Redirect::to(&format!("/community/c/{}", category.slug)).into_response())
}
