//! "My learning": a member's courses (with each lesson's state and best score),
//! certificates and notes; for a visitor, the progress kept on their device (see
//! [`super::device`]), with the way to keep it in an account. Never cached: it is one
//! learner's own page.

use altto_store::LessonProgress;
use askama::Template;
use axum::{
    Extension,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::Response,
};
use serde::Deserialize;

use super::{
    device::DeviceProgress,
    library::Published,
    progress::{LessonState, course_state},
    views::{CourseCard, Reading, Text},
};
use crate::{auth::RequestAuth, error::AppResult, state::AppState, web::Ctx};

/// A lesson with progress, on "my learning".
pub struct LearningLesson {
    slug: String,
    title: Text,
    state: LessonState,
    best_score: Option<i64>,
}

/// A course on "my learning".
pub struct LearningRow {
    card: CourseCard,
    percent: usize,
    complete: bool,
    last_activity: String,
    lessons: Vec<LearningLesson>,
}

/// A reflection note on "my learning".
pub struct NoteRow {
    course_slug: String,
    lesson_slug: String,
    lesson_title: Text,
    body: String,
}

/// "My learning".
#[derive(Template)]
#[template(path = "courses/learning.html")]
pub struct LearningPage {
    ctx: Ctx,
    /// A visitor's page: the progress on their device.
    visitor: bool,
    /// The sign-in just moved the device's progress into the account.
    merged: bool,
    courses: Vec<LearningRow>,
    certificates: Vec<(String, Text, String)>,
    notes: Vec<NoteRow>,
}

/// The query of "my learning".
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LearningQuery {
    /// `merged` after a sign-in that moved the device's progress into the account.
    notice: String,
}

/// The row of `course` for a learner with `progress` in it (`None` if none).
fn row_of(ctx: &Ctx, course: &Published, progress: &[LessonProgress]) -> Option<LearningRow> {
    let mine: Vec<LessonProgress> =
        progress.iter().filter(|p| p.course_id == course.course_id).cloned().collect();
    if mine.is_empty() {
        return None;
    }
    let learner = course_state(&course.content, &mine);
    let last = mine.iter().flat_map(|p| [Some(p.visited_at), p.completed_at, p.passed_at]).flatten().max();
    let reading = Reading::new(ctx.lang, course.content.language);
    let lessons = course
        .content
        .lessons()
        .filter_map(|(_, lesson)| {
            let row = mine.iter().find(|p| p.lesson_id == lesson.id)?;
            Some(LearningLesson {
                slug: lesson.slug.clone(),
                title: reading.text(&lesson.title, &lesson.title_ja),
                state: learner.of(lesson.id),
                best_score: row.best_score,
            })
        })
        .collect();
    let mut card = CourseCard::new(&course.content, ctx.lang);
    card.continue_slug = learner.next.clone();
    Some(LearningRow {
        card,
        percent: learner.percent(),
        complete: learner.is_complete(),
        // The device keeps no times.
        last_activity: last.filter(|at| *at > 0).map(crate::web::format::day_of).unwrap_or_default(),
        lessons,
    })
}

/// `GET /learning`.
pub async fn show_learning(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(query): Query<LearningQuery>,
) -> AppResult<Response> {
    let all = state.courses.all_published(&state.store).await?;
    let Some(user) = auth.member_or_visitor()? else {
        return Ok(device_learning(&state, &ctx, &headers, &all));
    };
    let progress = state.store.all_progress(user.id).await?;
    let reflections = state.store.reflections(user.id).await?;
    let mut courses = Vec::new();
    let mut notes = Vec::new();
    for course in &all {
        courses.extend(row_of(&ctx, course, &progress));
        for note in &reflections {
            if let Some(lesson) = course.content.lesson_by_id(note.lesson_id) {
                notes.push(NoteRow {
                    course_slug: course.content.slug.clone(),
                    lesson_slug: lesson.slug.clone(),
                    lesson_title: Reading::new(ctx.lang, course.content.language)
                        .text(&lesson.title, &lesson.title_ja),
                    body: note.body.clone(),
                });
            }
        }
    }
    let certificates = state
        .store
        .certificates_of(user.id)
        .await?
        .into_iter()
        .map(|c| {
            // The signed title is in its course's declared language.
            let written = all.iter().find(|course| course.course_id == c.course_id);
            let written = written.map_or(crate::i18n::Lang::En, |course| course.content.language);
            let title = crate::certificates::title_in(&c, Reading::new(ctx.lang, written));
            (c.id, title, crate::web::format::day_of(c.issued_at))
        })
        .collect();
    let merged = query.notice == "merged";
    let page = LearningPage { ctx: ctx.clone(), visitor: false, merged, courses, certificates, notes };
    Ok(ctx.render(&page))
}

/// A visitor's "my learning": what their progress cookie holds.
fn device_learning(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    all: &[std::sync::Arc<Published>],
) -> Response {
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let device = DeviceProgress::from_cookies(&state.secrets.csrf_key, cookies).unwrap_or_default();
    let courses = all
        .iter()
        .filter_map(|course| row_of(ctx, course, &device.rows_for(course.course_id, &course.content)))
        .collect();
    let page = LearningPage {
        ctx: ctx.clone(),
        visitor: true,
        merged: false,
        courses,
        certificates: Vec::new(),
        notes: Vec::new(),
    };
    let mut response = ctx.render(&page);
    // One browser's own progress: no shared cache may keep it.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
