//! Courses, lessons, quizzes, progress and certificates as JSON.

use std::sync::Arc;

use axum::{
    Extension, Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Problem;
use crate::{
    auth::RequestAuth,
    courses::{
        self, Published,
        content::{CourseContent, LessonContent, Question, Quiz},
        course_state,
        quiz::{
            self, Answer, Outcome,
            cloze::{self, Piece},
            matching_options, shown,
        },
    },
    error::{AppError, AppResult},
    state::AppState,
};

/// A course in a list.
#[derive(Serialize, ToSchema)]
pub struct CourseSummary {
    /// Address: `/courses/{slug}`.
    slug: String,
    /// English title.
    title: String,
    /// Japanese title.
    title_ja: Option<String>,
    /// English summary.
    summary: String,
    /// Japanese summary.
    summary_ja: Option<String>,
    /// The language the course's main texts are written in: `en` or `ja` (the `_ja`
    /// texts are a Japanese version of an English course).
    language: String,
    /// `foundation`, `intermediate` or `advanced`.
    level: String,
    /// Estimated hours.
    hours: f64,
    /// SPDX licence id, e.g. `CC-BY-4.0`.
    licence: String,
    /// Authors.
    authors: Vec<String>,
    /// Topics.
    topics: Vec<String>,
    /// Number of lessons.
    lessons: usize,
}

impl CourseSummary {
    fn of(course: &CourseContent) -> Self {
        Self {
            slug: course.slug.clone(),
            title: course.title.clone(),
            title_ja: course.title_ja.clone(),
            summary: course.summary.clone(),
            summary_ja: course.summary_ja.clone(),
            language: course.language.code().to_owned(),
            level: course.level.as_str().to_owned(),
            hours: course.hours,
            licence: course.licence.spdx().to_owned(),
            authors: course.authors.clone(),
            topics: course.topics.clone(),
            lessons: course.lesson_count(),
        }
    }
}

/// A lesson in a course outline.
#[derive(Serialize, ToSchema)]
pub struct LessonOutline {
    /// Lesson id (stable across edits).
    id: i64,
    /// Address within the course.
    slug: String,
    /// English title.
    title: String,
    /// Japanese title.
    title_ja: Option<String>,
    /// Estimated minutes.
    minutes: u32,
    /// Whether it has a quiz (its id is the lesson id).
    has_quiz: bool,
}

/// A module with its lessons.
#[derive(Serialize, ToSchema)]
pub struct ModuleOutline {
    /// English title.
    title: String,
    /// Japanese title.
    title_ja: Option<String>,
    /// Lessons in order.
    lessons: Vec<LessonOutline>,
}

/// A course with its modules and lessons.
#[derive(Serialize, ToSchema)]
pub struct CourseDetail {
    /// The course.
    #[serde(flatten)]
    course: CourseSummary,
    /// Modules in order.
    modules: Vec<ModuleOutline>,
}

/// `GET /api/v1/courses`: every published course.
#[utoipa::path(get, path = "/api/v1/courses", tag = "courses",
    responses((status = 200, description = "Published courses", body = [CourseSummary])))]
pub async fn list_courses(State(state): State<AppState>) -> AppResult<Json<Vec<CourseSummary>>> {
    let all = state.courses.all_published(&state.store).await?;
    Ok(Json(all.iter().map(|c| CourseSummary::of(&c.content)).collect()))
}

/// `GET /api/v1/courses/{slug}`: one course with its modules and lessons.
#[utoipa::path(get, path = "/api/v1/courses/{slug}", tag = "courses",
    params(("slug" = String, Path, description = "The course's address")),
    responses(
        (status = 200, description = "The course", body = CourseDetail),
        (status = 404, description = "No such published course", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show_course(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Json<CourseDetail>> {
    let course = state.courses.published(&state.store, &slug).await?.ok_or(AppError::NotFound)?;
    let content = &course.content;
    let modules = content
        .modules
        .iter()
        .map(|module| ModuleOutline {
            title: module.title.clone(),
            title_ja: module.title_ja.clone(),
            lessons: module
                .lessons
                .iter()
                .map(|l| LessonOutline {
                    id: l.id,
                    slug: l.slug.clone(),
                    title: l.title.clone(),
                    title_ja: l.title_ja.clone(),
                    minutes: l.minutes,
                    has_quiz: l.quiz.is_some(),
                })
                .collect(),
        })
        .collect();
    Ok(Json(CourseDetail { course: CourseSummary::of(content), modules }))
}

/// A quiz question without its answers. Ordering items and matching options are listed
/// shuffled (the same order every time), and answers refer to them as listed.
#[derive(Serialize, ToSchema)]
pub struct QuestionOut {
    /// `single`, `multiple`, `true_false`, `short`, `ordering`, `matching` or `cloze`.
    kind: String,
    /// The question.
    prompt: String,
    /// Its Japanese version, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    prompt_ja: Option<String>,
    /// Choice texts (single and multiple choice), answered by index as listed here (the
    /// quiz may list them shuffled, the same order every time).
    choices: Vec<String>,
    /// The choices' Japanese versions, in the same order (`null` for a choice without
    /// one); empty when no choice has one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    choices_ja: Vec<Option<String>>,
    /// Ordering: the items to put in order, answered with the position (1 for the first)
    /// of each item as listed here.
    items: Vec<String>,
    /// Matching: the items to find a partner for, answered one by one in this order.
    left: Vec<String>,
    /// Matching: the partners to choose from (some may match nothing), chosen by index.
    options: Vec<String>,
    /// Cloze: the text split at its blanks; blank `i` comes between parts `i` and
    /// `i + 1`, so there is one blank fewer than parts.
    text_parts: Vec<String>,
}

impl QuestionOut {
    /// Question `index` of `quiz` of lesson `lesson`, without its answers.
    fn of(quiz: &Quiz, lesson: i64, index: usize, question: &Question) -> Self {
        let mut out = Self {
            kind: question.kind().to_owned(),
            prompt: question.prompt().to_owned(),
            prompt_ja: question.prompt_ja().clone(),
            choices: Vec::new(),
            choices_ja: Vec::new(),
            items: Vec::new(),
            left: Vec::new(),
            options: Vec::new(),
            text_parts: Vec::new(),
        };
        match question {
            Question::Single { choices, .. } | Question::Multiple { choices, .. } => {
                let listed: Vec<_> = quiz::choice_order(quiz, lesson, index, choices.len())
                    .iter()
                    .filter_map(|i| choices.get(*i))
                    .collect();
                out.choices = listed.iter().map(|c| c.text.clone()).collect();
                if listed.iter().any(|c| c.text_ja.is_some()) {
                    out.choices_ja = listed.iter().map(|c| c.text_ja.clone()).collect();
                }
            }
            Question::Ordering { items, .. } => {
                out.items =
                    shown::order(lesson, index, items.len()).iter().map(|i| items[*i].clone()).collect();
            }
            Question::Matching { pairs, distractors, .. } => {
                let options = matching_options(pairs, distractors);
                out.left = pairs.iter().map(|p| p.left.clone()).collect();
                out.options = shown::order(lesson, index, options.len())
                    .iter()
                    .map(|i| options[*i].to_owned())
                    .collect();
            }
            Question::Cloze { text, .. } => {
                let mut parts = vec![String::new()];
                for piece in cloze::parse(text).unwrap_or_default() {
                    match piece {
                        Piece::Text(text) => {
                            if let Some(last) = parts.last_mut() {
                                last.push_str(&text);
                            }
                        }
                        Piece::Blank(_) => parts.push(String::new()),
                    }
                }
                out.text_parts = parts;
            }
            Question::TrueFalse { .. } | Question::Short { .. } => {}
        }
        out
    }
}

/// A quiz without its answers.
#[derive(Serialize, ToSchema)]
pub struct QuizOut {
    /// The quiz id, for `POST /api/v1/quizzes/{id}/attempts` (the lesson's id).
    id: i64,
    /// Percent needed to pass.
    pass_mark: u32,
    /// Questions in order.
    questions: Vec<QuestionOut>,
}

/// A lesson.
#[derive(Serialize, ToSchema)]
pub struct LessonOut {
    /// Lesson id.
    id: i64,
    /// The course's address.
    course: String,
    /// Address within the course.
    slug: String,
    /// English title.
    title: String,
    /// Japanese title.
    title_ja: Option<String>,
    /// English summary.
    summary: String,
    /// Estimated minutes.
    minutes: u32,
    /// The body as Markdown.
    body_markdown: String,
    /// The body as sanitised HTML.
    body_html: String,
    /// Reflection prompt.
    reflection: Option<String>,
    /// The Japanese version of the body as Markdown, if it has one.
    body_ja_markdown: Option<String>,
    /// The Japanese version of the body as sanitised HTML, if it has one.
    body_ja_html: Option<String>,
    /// The Japanese version of the reflection prompt.
    reflection_ja: Option<String>,
    /// The quiz, without answers.
    quiz: Option<QuizOut>,
    /// SPDX licence id.
    licence: String,
}

/// The published lesson with id `id` and its course.
async fn lesson(state: &AppState, id: i64) -> AppResult<(Arc<Published>, i64)> {
    let (course_slug, _) = state.store.lesson_location(id).await?.ok_or(AppError::NotFound)?;
    let course = state.courses.published(&state.store, &course_slug).await?.ok_or(AppError::NotFound)?;
    course.content.lesson_by_id(id).ok_or(AppError::NotFound)?;
    Ok((course, id))
}

fn lesson_of(course: &Published, id: i64) -> AppResult<&LessonContent> {
    course.content.lesson_by_id(id).ok_or(AppError::NotFound)
}

/// `GET /api/v1/lessons/{id}`.
#[utoipa::path(get, path = "/api/v1/lessons/{id}", tag = "courses",
    params(("id" = i64, Path, description = "Lesson id")),
    responses(
        (status = 200, description = "The lesson", body = LessonOut),
        (status = 404, description = "No such published lesson", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show_lesson(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<LessonOut>> {
    let (course, id) = lesson(&state, id).await?;
    let l = lesson_of(&course, id)?;
    let quiz = l.quiz.as_ref().map(|quiz| QuizOut {
        id: l.id,
        pass_mark: quiz.pass_mark,
        questions: quiz
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| QuestionOut::of(quiz, l.id, i, q))
            .collect(),
    });
    let body = state.courses.lesson_html(&state.store, &course, l).await?;
    Ok(Json(LessonOut {
        id: l.id,
        course: course.content.slug.clone(),
        slug: l.slug.clone(),
        title: l.title.clone(),
        title_ja: l.title_ja.clone(),
        summary: l.summary.clone(),
        minutes: l.minutes,
        body_markdown: l.body.clone(),
        body_html: body.html.clone(),
        reflection: l.reflection.clone(),
        body_ja_markdown: l.body_ja.clone(),
        body_ja_html: body.html_ja.clone(),
        reflection_ja: l.reflection_ja.clone(),
        quiz,
        licence: course.content.licence.spdx().to_owned(),
    }))
}

/// Progress in one lesson.
#[derive(Serialize, ToSchema)]
pub struct LessonProgressOut {
    /// Lesson id.
    id: i64,
    /// `not_started`, `in_progress` or `done`.
    state: &'static str,
    /// Best quiz score, percent.
    best_score: Option<i64>,
}

/// Progress in one course.
#[derive(Serialize, ToSchema)]
pub struct CourseProgressOut {
    /// The course's address.
    course: String,
    /// Lessons done.
    done: usize,
    /// Lessons in the course.
    total: usize,
    /// Percent done.
    percent: usize,
    /// Whether the course is complete.
    complete: bool,
    /// Each lesson.
    lessons: Vec<LessonProgressOut>,
}

/// `GET /api/v1/me/progress`: the caller's progress in every course they started.
#[utoipa::path(get, path = "/api/v1/me/progress", tag = "courses", security(("token" = [])),
    responses(
        (status = 200, description = "Progress per course", body = [CourseProgressOut]),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show_progress(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
) -> AppResult<Json<Vec<CourseProgressOut>>> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let progress = state.store.all_progress(user.id).await?;
    let mut out = Vec::new();
    for course in state.courses.all_published(&state.store).await? {
        let mine: Vec<_> = progress.iter().filter(|p| p.course_id == course.course_id).cloned().collect();
        if mine.is_empty() {
            continue;
        }
        let learner = course_state(&course.content, &mine);
        let lessons = course
            .content
            .lessons()
            .map(|(_, l)| LessonProgressOut {
                id: l.id,
                state: match learner.of(l.id) {
                    courses::progress::LessonState::NotStarted => "not_started",
                    courses::progress::LessonState::InProgress => "in_progress",
                    courses::progress::LessonState::Done => "done",
                },
                best_score: mine.iter().find(|p| p.lesson_id == l.id).and_then(|p| p.best_score),
            })
            .collect();
        out.push(CourseProgressOut {
            course: course.content.slug.clone(),
            done: learner.done,
            total: learner.total,
            percent: learner.percent(),
            complete: learner.is_complete(),
            lessons,
        });
    }
    Ok(Json(out))
}

/// The answer to `POST /api/v1/lessons/{id}/complete`.
#[derive(Serialize, ToSchema)]
pub struct Completed {
    /// Lesson id.
    lesson: i64,
    /// The certificate's id, when this completed the course.
    certificate: Option<String>,
}

/// `POST /api/v1/lessons/{id}/complete`: marks a lesson complete for the caller.
#[utoipa::path(post, path = "/api/v1/lessons/{id}/complete", tag = "courses", security(("token" = [])),
    params(("id" = i64, Path, description = "Lesson id")),
    responses(
        (status = 200, description = "Marked complete (again is harmless)", body = Completed),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published lesson", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The lesson has a quiz the caller has not passed yet; nothing was changed", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn complete_lesson(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
) -> AppResult<Json<Completed>> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let (course, id) = lesson(&state, id).await?;
    let certificate = courses::complete(&state, user, &course, lesson_of(&course, id)?).await?;
    Ok(Json(Completed { lesson: id, certificate: certificate.map(|c| c.id) }))
}

/// A quiz attempt: one answer per question, in order — an array of choice indexes
/// (single and multiple choice), `true`/`false`, a string (short answer),
/// `{"positions": [..]}` (ordering: the position, from 1, of each item as listed, or
/// `null`), `{"matches": [..]}` (matching: for each left item, the index of its partner
/// in `options`, or `null`), `{"blanks": [..]}` (cloze: the text of each blank), or
/// `null`. An attempt that answers nothing is refused.
#[derive(Deserialize, ToSchema)]
pub struct AttemptIn {
    /// The answers.
    #[schema(value_type = Vec<Object>)]
    answers: Vec<Option<Answer>>,
}

/// `POST /api/v1/quizzes/{id}/attempts`: marks answers; the caller's attempt is kept
/// when authenticated.
#[utoipa::path(post, path = "/api/v1/quizzes/{id}/attempts", tag = "courses", security((), ("token" = [])),
    params(("id" = i64, Path, description = "Quiz id (the lesson's id)")),
    request_body = AttemptIn,
    responses(
        (status = 200, description = "Score and feedback per question", body = Object),
        (status = 404, description = "No such quiz", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Answers that do not fit this quiz, or that answer nothing", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn attempt_quiz(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i64>,
    Json(input): Json<AttemptIn>,
) -> AppResult<Response> {
    let (course, id) = lesson(&state, id).await?;
    let lesson = lesson_of(&course, id)?;
    let Some(quiz) = &lesson.quiz else { return Err(AppError::NotFound) };
    let Ok(answers) = quiz::from_shown(quiz, lesson.id, input.answers) else {
        return Ok(StatusCode::UNPROCESSABLE_ENTITY.into_response());
    };
    match courses::attempt_quiz(&state, auth.actor.user(), &course, lesson, &answers, None).await? {
        Ok(mut outcome) => {
            outcome.to_shown(quiz, lesson.id);
            Ok(Json::<Outcome>(outcome).into_response())
        }
        Err(_) => Ok(StatusCode::UNPROCESSABLE_ENTITY.into_response()),
    }
}

/// A certificate.
#[derive(Serialize, ToSchema)]
pub struct CertificateOut {
    /// Certificate id.
    id: String,
    /// Its public verification page.
    url: String,
    /// Recipient's name.
    recipient: String,
    /// Course title.
    course: String,
    /// Professional-development hours.
    hours: f64,
    /// Issue time (unix ms).
    issued_at: i64,
    /// SPDX licence id of the content.
    licence: String,
    /// The Open Badges 3.0 credential as a VC-JWT signed with EdDSA.
    credential: String,
}

/// `GET /api/v1/certificates/{id}`.
#[utoipa::path(get, path = "/api/v1/certificates/{id}", tag = "certificates",
    params(("id" = String, Path, description = "Certificate id")),
    responses(
        (status = 200, description = "The certificate", body = CertificateOut),
        (status = 404, description = "No such certificate", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show_certificate(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<CertificateOut>> {
    let c = state.store.certificate(&id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(CertificateOut {
        url: format!("{}/certificates/{}", state.settings.base_url(), c.id),
        id: c.id,
        recipient: c.recipient_name,
        course: c.course_title,
        hours: c.hours_tenths as f64 / 10.0,
        issued_at: c.issued_at,
        licence: c.licence,
        credential: c.credential,
    }))
}
