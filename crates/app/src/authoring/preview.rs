//! The whole-page preview of a lesson of a course's working copy, as learners will see
//! it once it is published (layout, video, quiz, reflection, navigation), in English
//! or Japanese: for the course's authors and for editors reviewing a draft. It is the
//! learners' own page ([`crate::courses::preview_page`]), never cached or indexed, and
//! nothing on it records anything.

use axum::{
    Extension,
    extract::{Path, Query, State},
    http::{HeaderValue, header},
    response::Response,
};

use super::load;
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    web::Ctx,
};

/// The preview's query: the language to show it in (`en`, `ja`; the reader's own when
/// absent); `text=original` is read by the page itself.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PreviewQuery {
    lang: String,
}

/// `GET /author/courses/{slug}/lessons/{lesson}/preview?lang=…`: not found for anyone
/// who may not see the course's draft (the policy's `can_view_draft`).
pub async fn preview_lesson(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    mut ctx: Ctx,
    Path((slug, lesson_slug)): Path<(String, String)>,
    Query(query): Query<PreviewQuery>,
) -> AppResult<Response> {
    let working = load(&state, &auth, &slug).await?;
    working.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?;
    if let Some(lang) = Lang::from_code(&query.lang) {
        ctx.lang = lang;
    }
    let revision = working.latest.unwrap_or_default();
    let course = state.courses.draft(&state.store, working.course.id, revision, working.content).await?;
    let lesson = course.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?;
    let body = state.courses.lesson_html(&state.store, &course, lesson).await?;
    let mut response = ctx.render(&crate::courses::preview_page(&ctx, &course, lesson, &body));
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
    Ok(response)
}
