//! Writing in the community forum through the API: starting a thread, replying and
//! editing a post with a `write` token, through the very functions the forms run
//! (`community::forum::posting`). A refusal is a problem document: 422 naming each
//! field, 429 with `Retry-After` for the posting limits.

use axum::{
    Extension, Json,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    FieldProblem, Invalid, Problem,
    community::{PostOut, ThreadDetail, post_out, show_thread},
    invalid,
};
use crate::{
    auth::RequestAuth,
    community::forum::posting::{self, Refusal, ThreadInput},
    error::AppResult,
    i18n::Lang,
    state::AppState,
};

/// A new thread.
#[derive(Deserialize, ToSchema)]
pub struct ThreadIn {
    /// The category's address (required).
    #[serde(default)]
    category: String,
    /// Title (required, at most 150 characters).
    #[serde(default)]
    title: String,
    /// The first post, in Markdown (required, at most 20,000 characters).
    #[serde(default)]
    body: String,
    /// Whether it asks a question (which can have an accepted answer).
    #[serde(default)]
    is_question: bool,
    /// A prefecture's address (`nagano`) for a local thread.
    #[serde(default)]
    prefecture: Option<String>,
}

/// A post's text.
#[derive(Deserialize, ToSchema)]
pub struct PostIn {
    /// The text, in Markdown (required, at most 20,000 characters).
    #[serde(default)]
    body: String,
}

/// The answer to a refused post, in `lang`: 422 naming each field, or 429 with
/// `Retry-After`.
fn refusal(lang: Lang, refusal: Refusal) -> Response {
    match refusal {
        Refusal::Invalid(form) => invalid(
            lang,
            form.errors()
                .iter()
                .map(|(field, key)| FieldProblem { field: (*field).to_owned(), message: lang.t(key) })
                .collect(),
        ),
        Refusal::CrossPost { thread_id } => invalid(
            lang,
            vec![FieldProblem {
                field: "body".into(),
                message: format!("{} /community/t/{thread_id}", lang.t("forumapi-cross-post")),
            }],
        ),
        Refusal::TooFast { again_at } => {
            let secs = Refusal::retry_after_secs(again_at);
            let body = serde_json::json!({
                "type": "about:blank",
                "title": lang.t("forumapi-too-fast-title"),
                "status": 429,
                "detail": lang.t_args("forumapi-too-fast-api", &[("seconds", FluentValue::from(secs.to_string()))]),
            });
            let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
            if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
                headers.insert(header::RETRY_AFTER, value);
            }
            response
        }
    }
}

/// `POST /api/v1/community/threads`: starts a thread with its first post.
#[utoipa::path(post, path = "/api/v1/community/threads", tag = "community", security(("token" = [])),
    request_body = ThreadIn,
    responses(
        (status = 201, description = "Started (200: the same thread was sent twice and the first one stands)", body = ThreadDetail),
        (status = 409, description = "The caller's e-mail address is not confirmed yet", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Problems, each naming its field (title, body: empty, too long, too many links or mentions, posted already in another thread); nothing was saved", body = Invalid, content_type = "application/problem+json"),
        (status = 429, description = "Too many posts lately: try again after Retry-After seconds", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_thread(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    lang: Lang,
    Json(input): Json<ThreadIn>,
) -> AppResult<Response> {
    let poster = posting::poster(&state, &auth).await?;
    let input = ThreadInput {
        category: input.category,
        title: input.title,
        body: input.body,
        prefecture: input.prefecture.unwrap_or_default(),
        is_question: input.is_question,
    };
    let posted = match posting::start_thread(&state, &poster, input).await? {
        Ok(posted) => posted,
        Err(refused) => return Ok(refusal(lang, refused)),
    };
    let status = if posted.post_id.is_some() { StatusCode::CREATED } else { StatusCode::OK };
    let Json(detail) = show_thread(State(state), Extension(auth), Path(posted.thread_id)).await?;
    let location = HeaderValue::from_str(&detail.thread.url).ok();
    let mut response = (status, Json(detail)).into_response();
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `POST /api/v1/community/threads/{id}/posts`: replies in a thread.
#[utoipa::path(post, path = "/api/v1/community/threads/{id}/posts", tag = "community", security(("token" = [])),
    params(("id" = i64, Path, description = "The thread's id")),
    request_body = PostIn,
    responses(
        (status = 201, description = "Posted (200: the same reply was sent twice and the first one stands)", body = PostOut),
        (status = 404, description = "No such thread", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The thread is locked or closed, or the caller's e-mail address is not confirmed yet; nothing was saved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Problems with the body (empty, too long, too many links or mentions, posted already in another thread); nothing was saved", body = Invalid, content_type = "application/problem+json"),
        (status = 429, description = "Too many posts lately: try again after Retry-After seconds", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_post(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    lang: Lang,
    Json(input): Json<PostIn>,
) -> AppResult<Response> {
    let poster = posting::poster(&state, &auth).await?;
    let thread = state.store.forum_thread(id, Some(poster.user.id)).await?;
    let newest = thread.last_post_id;
    let post_id = match posting::reply(&state, &poster, &thread, &input.body).await? {
        Ok(post_id) => post_id,
        Err(refused) => return Ok(refusal(lang, refused)),
    };
    let status = if post_id == newest { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(post_out(&state, &auth.actor, post_id).await?)).into_response())
}

/// `PUT /api/v1/community/posts/{id}`: changes a post's text (its earlier text is kept
/// in its history).
#[utoipa::path(put, path = "/api/v1/community/posts/{id}", tag = "community", security(("token" = [])),
    params(("id" = i64, Path, description = "The post's id")),
    request_body = PostIn,
    responses(
        (status = 200, description = "Saved", body = PostOut),
        (status = 404, description = "No such post", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Problems with the body; nothing was saved", body = Invalid, content_type = "application/problem+json"),
    ))]
pub async fn update_post(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    lang: Lang,
    Json(input): Json<PostIn>,
) -> AppResult<Response> {
    let (post, _) = posting::editable(&state, &auth, id).await?;
    let editor = posting::poster(&state, &auth).await?;
    if let Err(refused) = posting::edit(&state, &editor, &post, &input.body).await? {
        return Ok(refusal(lang, refused));
    }
    Ok(Json(post_out(&state, &auth.actor, id).await?).into_response())
}
