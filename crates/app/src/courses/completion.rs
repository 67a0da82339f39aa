//! Marking a lesson complete — a member's in the database, a visitor's on their device
//! (see [`super::device`]) — and issuing the certificate when that finishes a course.
//!
//! A lesson with a quiz is complete once the quiz is passed: "mark complete" before
//! that changes nothing and says so, instead of moving on as if it had worked.

use altto_store::{Certificate, User};
use axum::{
    Extension,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

use super::{
    content::LessonContent,
    device::DeviceProgress,
    lesson::{Mine, ProgressNotice, mine, page_of},
    library::{LessonHtml, Published},
    pages::published,
    progress::course_state,
    views::pick,
};
use crate::{
    auth::RequestAuth,
    certificates,
    error::{AppError, AppResult},
    state::AppState,
    web::Ctx,
};

/// Marks a lesson complete for `user` and issues the course certificate if that
/// finished the course. A lesson whose quiz `user` has not passed is left as it was
/// ([`AppError::NotYet`]), whoever asks: the lesson page or the API.
pub async fn complete(
    state: &AppState,
    user: &User,
    course: &Published,
    lesson: &LessonContent,
) -> AppResult<Option<Certificate>> {
    if lesson.quiz.is_some() {
        let progress = state.store.course_progress(user.id, course.course_id).await?;
        if !progress.iter().any(|p| p.lesson_id == lesson.id && p.passed_at.is_some()) {
            return Err(AppError::NotYet("lesson-complete-needs-pass"));
        }
    }
    state.store.mark_complete(user.id, lesson.id, course.course_id).await?;
    certify_if_complete(state, user, course).await
}

/// Issues the learner's certificate for `course` if every lesson is done and every quiz
/// passed (the one place a certificate is issued; issuing again returns the first).
pub(super) async fn certify_if_complete(
    state: &AppState,
    user: &User,
    course: &Published,
) -> AppResult<Option<Certificate>> {
    let progress = state.store.course_progress(user.id, course.course_id).await?;
    if !course_state(&course.content, &progress).is_complete() {
        return Ok(None);
    }
    let content = &course.content;
    let completion = certificates::Completion {
        user,
        course_id: course.course_id,
        revision_id: course.revision_id,
        course_slug: &content.slug,
        course_title: &content.title,
        course_title_ja: content.title_ja.as_deref(),
        summary: &content.summary,
        hours: content.hours,
        licence: content.licence.spdx(),
    };
    Ok(Some(certificates::issue(state, completion).await?))
}

/// `POST /courses/{slug}/lessons/{lesson}/complete`: marks the lesson done. A member
/// goes on to the next lesson (or their certificate, or back to the course after the
/// last); a visitor's completion is kept in their progress cookie, and the lesson page
/// comes back saying so (the next lesson's page, the same for every visitor, could
/// not). A lesson whose quiz is not passed yet stays as it was, and the page says
/// what is still needed.
pub async fn complete_lesson(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, lesson_slug)): Path<(String, String)>,
) -> AppResult<Response> {
    let course = published(&state, &slug).await?;
    let lesson = course.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?;
    let body = state.courses.lesson_html(&state.store, &course, lesson).await?;
    match auth.member_or_visitor()? {
        Some(user) => complete_for_member(&state, &ctx, user, &course, lesson, &body).await,
        None => Ok(complete_on_device(&state, &ctx, &headers, &course, lesson, &body)),
    }
}

async fn complete_for_member(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    course: &Published,
    lesson: &LessonContent,
    body: &LessonHtml,
) -> AppResult<Response> {
    let issued = match complete(state, user, course, lesson).await {
        Err(AppError::NotYet(_)) => {
            let mine = mine(state, Some(user), course, lesson).await?;
            return Ok(quiz_first(ctx, course, lesson, body, mine));
        }
        done => done?,
    };
    let slug = &course.content.slug;
    let target = match (issued, next_lesson(course, lesson)) {
        (Some(certificate), _) => format!("/certificates/{}?new=1", certificate.id),
        (None, Some(next)) => format!("/courses/{slug}/lessons/{}", next.slug),
        (None, None) => format!("/courses/{slug}"),
    };
    Ok(Redirect::to(&target).into_response())
}

/// A visitor's completion, kept in their progress cookie.
fn complete_on_device(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    course: &Published,
    lesson: &LessonContent,
    body: &LessonHtml,
) -> Response {
    let key = &state.secrets.csrf_key;
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let mut device = DeviceProgress::from_cookies(key, cookies).unwrap_or_default();
    if lesson.quiz.is_some() && !device.lesson(lesson.id).is_some_and(|l| l.passed) {
        return quiz_first(ctx, course, lesson, body, Mine::on_device(course, lesson, &device));
    }
    device.record_completion(lesson.id);
    let mine = Mine::on_device(course, lesson, &device);
    let slug = &course.content.slug;
    let rows = device.rows_for(course.course_id, &course.content);
    let notice = if course_state(&course.content, &rows).is_complete() {
        ProgressNotice::status(ctx.t("device-course-done"))
            .link("/signup", ctx.t("nav-sign-up"))
            .link(&format!("/login?next=/courses/{slug}"), ctx.t("nav-sign-in"))
    } else {
        let notice = ProgressNotice::status(ctx.t("device-lesson-done"));
        match next_lesson(course, lesson) {
            Some(next) => notice.link(
                &format!("/courses/{slug}/lessons/{}", next.slug),
                ctx.t1("lesson-next", "title", pick(ctx.lang, &next.title, &next.title_ja)),
            ),
            None => notice.link(&format!("/courses/{slug}"), ctx.t("lesson-back-to-course")),
        }
        .link("/signup", ctx.t("nav-sign-up"))
    };
    let page = page_of(ctx, course, lesson, body, &[], None, None, mine).with_notice(notice);
    with_device_cookie(ctx.render(&page), state, &device)
}

/// `response` with the `Set-Cookie` that keeps `device` on the visitor's device (and,
/// as it shows that visitor's own progress, kept by no cache).
pub(super) fn with_device_cookie(
    mut response: Response,
    state: &AppState,
    device: &DeviceProgress,
) -> Response {
    let cookie = device.set_cookie(&state.secrets.csrf_key, state.settings.is_https());
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.append(header::SET_COOKIE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

/// The lesson page saying that its quiz must be passed first (nothing was changed).
fn quiz_first(
    ctx: &Ctx,
    course: &Published,
    lesson: &LessonContent,
    body: &LessonHtml,
    mine: Mine,
) -> Response {
    let pass_mark = lesson.quiz.as_ref().map_or(0, |q| q.pass_mark);
    let notice =
        ProgressNotice::alert(ctx.t1("lesson-complete-needs-quiz", "percent", &pass_mark.to_string()))
            .link("#quiz", ctx.t("lesson-go-to-quiz"));
    let page = page_of(ctx, course, lesson, body, &[], None, None, mine).with_notice(notice);
    ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// The lesson after `lesson` in the course, if any.
fn next_lesson<'a>(course: &'a Published, lesson: &LessonContent) -> Option<&'a LessonContent> {
    let lessons: Vec<&LessonContent> = course.content.lessons().map(|(_, l)| l).collect();
    lessons.iter().position(|l| l.id == lesson.id).and_then(|i| lessons.get(i + 1)).copied()
}
