//! Learner pages: catalogue, course, lesson (with quiz, completion and reflection) and
//! "my learning".

use std::{collections::BTreeSet, sync::Arc};

use altto_store::{Certificate, User};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    content::{LessonContent, Question},
    library::Published,
    progress::{CourseState, LessonState, course_state},
    quiz::{self, Answer, Outcome},
    views::{CourseCard, QuestionView, hours, pick, question_views},
};
use crate::{
    certificates,
    error::{AppError, AppResult},
    policy::Action,
    state::AppState,
    web::{Ctx, auth::RequestAuth},
};

/// The published course at `slug`, or "not found".
async fn published(state: &AppState, slug: &str) -> AppResult<Arc<Published>> {
    state.courses.published(&state.store, slug).await?.ok_or(AppError::NotFound)
}

/// The learner's state in a course (`None` for visitors).
async fn state_of(
    state: &AppState,
    user: Option<&User>,
    course: &Published,
) -> AppResult<Option<CourseState>> {
    match user {
        Some(user) => {
            let progress = state.store.course_progress(user.id, course.course_id).await?;
            Ok(Some(course_state(&course.content, &progress)))
        }
        None => Ok(None),
    }
}

/// The catalogue.
#[derive(Template)]
#[template(path = "courses/catalog.html")]
pub struct CatalogPage {
    ctx: Ctx,
    courses: Vec<CourseCard>,
    level: String,
    topic: String,
    topics: Vec<String>,
}

/// Catalogue filters.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CatalogQuery {
    level: String,
    topic: String,
}

/// `GET /courses`.
pub async fn list_courses(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Query(query): Query<CatalogQuery>,
) -> AppResult<Response> {
    let all = state.courses.all_published(&state.store).await?;
    let mut topics: Vec<String> =
        all.iter().flat_map(|c| c.content.topics.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    topics.retain(|t| !t.is_empty());
    let progress = match auth.actor.user() {
        Some(user) => state.store.all_progress(user.id).await?,
        None => Vec::new(),
    };
    let courses = all
        .iter()
        .filter(|c| query.level.is_empty() || c.content.level.as_str() == query.level)
        .filter(|c| query.topic.is_empty() || c.content.topics.contains(&query.topic))
        .map(|c| {
            let mut card = CourseCard::new(&c.content, ctx.lang);
            let mine: Vec<_> = progress.iter().filter(|p| p.course_id == c.course_id).cloned().collect();
            if !mine.is_empty() {
                let course_state = course_state(&c.content, &mine);
                card.percent = Some(course_state.percent());
                card.continue_slug = course_state.next;
            }
            card
        })
        .collect();
    Ok(ctx.render(&CatalogPage { ctx: ctx.clone(), courses, level: query.level, topic: query.topic, topics }))
}

/// One lesson in the syllabus.
pub struct SyllabusLesson {
    slug: String,
    title: String,
    minutes: u32,
    has_quiz: bool,
    state: Option<LessonState>,
}

/// One module in the syllabus.
pub struct SyllabusModule {
    title: String,
    lessons: Vec<SyllabusLesson>,
}

/// The course page.
#[derive(Template)]
#[template(path = "courses/course.html")]
pub struct CoursePage {
    ctx: Ctx,
    card: CourseCard,
    modules: Vec<SyllabusModule>,
    start: String,
    started: bool,
    percent: Option<usize>,
    certificate: Option<String>,
    licence_url: &'static str,
}

/// `GET /courses/{slug}`.
pub async fn show_course(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let course = published(&state, &slug).await?;
    let learner = state_of(&state, auth.actor.user(), &course).await?;
    let modules = course
        .content
        .modules
        .iter()
        .map(|module| SyllabusModule {
            title: pick(ctx.lang, &module.title, &module.title_ja).to_owned(),
            lessons: module
                .lessons
                .iter()
                .map(|lesson| SyllabusLesson {
                    slug: lesson.slug.clone(),
                    title: pick(ctx.lang, &lesson.title, &lesson.title_ja).to_owned(),
                    minutes: lesson.minutes,
                    has_quiz: lesson.quiz.is_some(),
                    state: learner.as_ref().map(|l| l.of(lesson.id)),
                })
                .collect(),
        })
        .collect();
    let first = course.content.lessons().next().map(|(_, l)| l.slug.clone()).unwrap_or_default();
    let start = learner.as_ref().and_then(|l| l.next.clone()).unwrap_or(first);
    // Only a learner who has started the course can hold its certificate.
    let certificate = match auth.actor.user().filter(|_| learner.as_ref().is_some_and(|l| l.started)) {
        Some(user) => state
            .store
            .certificates_of(user.id)
            .await?
            .into_iter()
            .find(|c: &Certificate| c.course_id == course.course_id)
            .map(|c| c.id),
        None => None,
    };
    let page = CoursePage {
        card: CourseCard::new(&course.content, ctx.lang),
        modules,
        start,
        started: learner.as_ref().is_some_and(|l| l.started),
        percent: learner.as_ref().map(CourseState::percent),
        certificate,
        licence_url: course.content.licence.url(),
        ctx: ctx.clone(),
    };
    Ok(ctx.render(&page))
}

/// A neighbouring lesson.
pub struct Neighbour {
    slug: String,
    title: String,
}

/// The lesson page (also the quiz result page).
#[derive(Template)]
#[template(path = "courses/lesson.html")]
pub struct LessonPage {
    ctx: Ctx,
    course_slug: String,
    lesson_slug: String,
    course_title: String,
    module_title: String,
    title: String,
    summary: String,
    position: usize,
    total: usize,
    minutes: u32,
    html: String,
    reflection: Option<String>,
    note: String,
    video: Option<super::content::Video>,
    transcript: Option<String>,
    resources: Vec<super::content::Resource>,
    revision_id: i64,
    questions: Vec<QuestionView>,
    pass_mark: u32,
    outcome: Option<Outcome>,
    quiz_notice: Option<String>,
    signed_in: bool,
    state: LessonState,
    best_score: Option<i64>,
    percent: Option<usize>,
    prev: Option<Neighbour>,
    next: Option<Neighbour>,
    licence: &'static str,
    licence_url: &'static str,
    authors: String,
    certificate: Option<String>,
}

impl LessonPage {
    fn media_url(&self, path: &str) -> String {
        format!("/media/{}/{}", self.course_slug, path.trim_start_matches("media/"))
    }

    fn lesson_slug(&self) -> &str {
        &self.lesson_slug
    }

    fn state_key(&self) -> &'static str {
        self.state.key()
    }

    fn is_done(&self) -> bool {
        self.state == LessonState::Done
    }

    fn score_text(&self) -> String {
        match &self.outcome {
            Some(o) => self.ctx.t1("quiz-score", "score", &o.score.to_string()),
            None => String::new(),
        }
    }
}

/// Builds the lesson page for `lesson` of `course`.
#[allow(clippy::too_many_arguments)]
async fn lesson_page(
    state: &AppState,
    ctx: &Ctx,
    user: Option<&User>,
    course: &Published,
    lesson: &LessonContent,
    answers: &[Option<Answer>],
    outcome: Option<Outcome>,
    quiz_notice: Option<String>,
) -> AppResult<LessonPage> {
    let content = &course.content;
    let lessons: Vec<(&super::content::ModuleContent, &LessonContent)> = content.lessons().collect();
    let position = lessons.iter().position(|(_, l)| l.id == lesson.id).unwrap_or(0);
    let neighbour = |index: Option<usize>| {
        index.and_then(|i| lessons.get(i)).map(|(_, l)| Neighbour {
            slug: l.slug.clone(),
            title: pick(ctx.lang, &l.title, &l.title_ja).to_owned(),
        })
    };
    let progress = match user {
        Some(user) => state.store.course_progress(user.id, course.course_id).await?,
        None => Vec::new(),
    };
    let row = progress.iter().find(|p| p.lesson_id == lesson.id);
    if let (Some(user), None) = (user, row) {
        state.store.record_visit(user.id, lesson.id, course.course_id).await?;
    }
    let note = match user {
        Some(user) => state.store.reflection(user.id, lesson.id).await?.unwrap_or_default(),
        None => String::new(),
    };
    let learner = user.map(|_| course_state(content, &progress));
    let certificate = match (user, &learner) {
        (Some(user), Some(learner)) if learner.is_complete() => state
            .store
            .certificates_of(user.id)
            .await?
            .into_iter()
            .find(|c| c.course_id == course.course_id)
            .map(|c| c.id),
        _ => None,
    };
    Ok(LessonPage {
        ctx: ctx.clone(),
        course_slug: content.slug.clone(),
        lesson_slug: lesson.slug.clone(),
        course_title: pick(ctx.lang, &content.title, &content.title_ja).to_owned(),
        module_title: lessons
            .get(position)
            .map(|(m, _)| pick(ctx.lang, &m.title, &m.title_ja).to_owned())
            .unwrap_or_default(),
        title: pick(ctx.lang, &lesson.title, &lesson.title_ja).to_owned(),
        summary: pick(ctx.lang, &lesson.summary, &lesson.summary_ja).to_owned(),
        position: position + 1,
        total: lessons.len(),
        minutes: lesson.minutes,
        html: course.html.get(&lesson.id).cloned().unwrap_or_default(),
        reflection: lesson.reflection.clone(),
        note,
        video: lesson.video.clone(),
        transcript: course.transcripts.get(&lesson.id).cloned(),
        resources: lesson.resources.clone(),
        revision_id: course.revision_id,
        questions: question_views(lesson, answers, outcome.as_ref()),
        pass_mark: lesson.quiz.as_ref().map_or(0, |q| q.pass_mark),
        outcome,
        quiz_notice,
        signed_in: user.is_some(),
        state: learner.as_ref().map_or(LessonState::NotStarted, |l| l.of(lesson.id)),
        best_score: row.and_then(|r| r.best_score),
        percent: learner.as_ref().map(CourseState::percent),
        prev: neighbour(position.checked_sub(1)),
        next: neighbour(Some(position + 1)),
        licence: content.licence.name(),
        licence_url: content.licence.url(),
        authors: content.authors.join(", "),
        certificate,
    })
}

/// `GET /courses/{slug}/lessons/{lesson}`.
pub async fn show_lesson(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, lesson_slug)): Path<(String, String)>,
) -> AppResult<Response> {
    let course = published(&state, &slug).await?;
    let lesson = course.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?;
    let user = auth.actor.user();
    // Visitors all get the same page (no per-visitor token or cookie on it), so it is
    // rendered and compressed once per published revision and language.
    let cacheable = user.is_none() && !ctx.path_and_query.contains('?');
    let key = (course.revision_id, lesson.id, ctx.lang);
    if let Some(page) = state.courses.page(key).filter(|_| cacheable) {
        return Ok(cached_response(ctx.lang, &page, &headers));
    }
    let page = lesson_page(&state, &ctx, user, &course, lesson, &[], None, None).await?;
    if !cacheable {
        return Ok(ctx.render(&page));
    }
    let html = page.render().map_err(|err| AppError::Internal(err.into()))?;
    let cached = state.courses.keep_page(course.course_id, key, html);
    Ok(cached_response(ctx.lang, &cached, &headers))
}

/// Middleware, outermost: answers a visitor's request for a lesson page that is already
/// rendered straight from the page cache, before the rest of the middleware stack and
/// the router — as a caching proxy in front would, and with the same headers as the
/// route. Anything else (a member, a query string, a page not cached yet, a publish
/// this process has not re-read) goes on to the route.
pub async fn serve_cached_visitor_page(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let started = std::time::Instant::now();
    match cached_visitor_page(&state, &request) {
        Some(response) => {
            state.metrics.observe(
                "GET",
                "/courses/{slug}/lessons/{lesson}",
                "200",
                started.elapsed().as_secs_f64(),
            );
            response
        }
        None => next.run(request).await,
    }
}

fn cached_visitor_page(state: &AppState, request: &axum::extract::Request) -> Option<Response> {
    let headers = request.headers();
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let signed_in = cookies.contains(crate::accounts::sessions::SESSION_COOKIE)
        || headers.contains_key(header::AUTHORIZATION);
    // The route's own policy, asked of a visitor.
    let visitors_may_read = crate::policy::allows(&crate::policy::Actor::Visitor, Action::ReadPublic).is_ok();
    if request.method() != axum::http::Method::GET
        || request.uri().query().is_some()
        || signed_in
        || !visitors_may_read
    {
        return None;
    }
    let rest = request.uri().path().strip_prefix("/courses/")?;
    let (slug, lesson_slug) = rest.split_once("/lessons/")?;
    let course = state.courses.published_now(&state.store, slug)?;
    let lesson = course.content.lesson(lesson_slug)?;
    let lang = crate::i18n::lang_of(headers);
    let page = state.courses.page((course.revision_id, lesson.id, lang))?;
    let mut response = cached_response(lang, &page, headers);
    crate::web::middleware::set_security_headers(response.headers_mut(), state.settings.is_https());
    Some(response)
}

/// A cached visitors' page, gzip-compressed when the browser accepts it.
fn cached_response(
    lang: crate::i18n::Lang,
    page: &super::library::CachedPage,
    headers: &HeaderMap,
) -> Response {
    let gzip = crate::web::compress::accepts_gzip(headers);
    let body = if gzip { page.gzip.clone() } else { page.html.clone() };
    let mut response = (StatusCode::OK, body).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Language, Cookie, Accept-Encoding"));
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}

/// Marks a lesson complete for `user` and issues the course certificate if that
/// finished the course.
pub async fn complete(
    state: &AppState,
    user: &User,
    course: &Published,
    lesson: &LessonContent,
) -> AppResult<Option<Certificate>> {
    state.store.mark_complete(user.id, lesson.id, course.course_id).await?;
    certificates::issue_if_complete(state, user, course).await
}

/// Marks a quiz attempt. A member's attempt is kept (the best score counts) and passing
/// completes the lesson; a visitor's is only marked. Answers that do not fit the quiz
/// are refused without storing anything.
pub async fn attempt_quiz(
    state: &AppState,
    user: Option<&User>,
    course: &Published,
    lesson: &LessonContent,
    answers: &[Option<Answer>],
) -> AppResult<Result<Outcome, quiz::Mismatch>> {
    let Some(quiz) = &lesson.quiz else { return Ok(Err(quiz::Mismatch::NotThisQuiz)) };
    let outcome = match quiz::mark(quiz, answers) {
        Ok(outcome) => outcome,
        Err(mismatch) => return Ok(Err(mismatch)),
    };
    if let Some(user) = user {
        let stored = serde_json::to_string(answers).unwrap_or_default();
        let score = i64::from(outcome.score);
        state
            .store
            .record_attempt(
                user.id,
                lesson.id,
                course.course_id,
                course.revision_id,
                score,
                outcome.passed,
                &stored,
            )
            .await?;
        if outcome.passed {
            complete(state, user, course, lesson).await?;
        }
    }
    Ok(Ok(outcome))
}

/// A form as name/value pairs (repeated names for checkboxes).
type Pairs = Vec<(String, String)>;

/// Reads quiz answers (`q0`, `q1`, …) from a form for `lesson`'s quiz.
fn read_answers(lesson: &LessonContent, pairs: &Pairs) -> Result<Vec<Option<Answer>>, quiz::Mismatch> {
    let Some(quiz) = &lesson.quiz else { return Err(quiz::Mismatch::NotThisQuiz) };
    let mut answers: Vec<Option<Answer>> = vec![None; quiz.questions.len()];
    for (name, value) in pairs {
        let Some(index) = name.strip_prefix('q').and_then(|i| i.parse::<usize>().ok()) else { continue };
        let question = quiz.questions.get(index).ok_or(quiz::Mismatch::NotThisQuiz)?;
        let slot = &mut answers[index];
        match question {
            Question::Single { .. } | Question::Multiple { .. } => {
                let choice = value.parse::<usize>().map_err(|_| quiz::Mismatch::NotThisQuiz)?;
                match slot {
                    Some(Answer::Choices(set)) => {
                        set.insert(choice);
                    }
                    _ => *slot = Some(Answer::Choices([choice].into())),
                }
            }
            Question::TrueFalse { .. } => {
                *slot = Some(Answer::Bool(match value.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(quiz::Mismatch::NotThisQuiz),
                }));
            }
            Question::Short { .. } => *slot = Some(Answer::Text(value.chars().take(500).collect())),
        }
    }
    Ok(answers)
}

fn field<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

/// `POST /courses/{slug}/lessons/{lesson}/quiz`: marks the answers and shows feedback.
/// For members the attempt is kept (best score counts) and passing completes the
/// lesson; visitors see their result and are invited to sign up.
pub async fn submit_quiz(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((slug, lesson_slug)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let course = published(&state, &slug).await?;
    let lesson = course.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?;
    let user = auth.actor.user();
    let refuse = |notice_key: &str| {
        let state = state.clone();
        let ctx = ctx.clone();
        let notice = ctx.t(notice_key);
        let course = course.clone();
        async move {
            let page = lesson_page(&state, &ctx, user, &course, lesson, &[], None, Some(notice)).await?;
            Ok::<_, AppError>(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    };
    if field(&pairs, "revision") != course.revision_id.to_string() {
        return refuse("quiz-changed").await;
    }
    let Ok(answers) = read_answers(lesson, &pairs) else { return refuse("quiz-not-this-quiz").await };
    let Ok(outcome) = attempt_quiz(&state, user, &course, lesson, &answers).await? else {
        return refuse("quiz-not-this-quiz").await;
    };
    let page = lesson_page(&state, &ctx, user, &course, lesson, &answers, Some(outcome), None).await?;
    Ok(ctx.render(&page))
}

/// `POST /courses/{slug}/lessons/{lesson}/complete`: marks the lesson done and goes on
/// to the next lesson (or back to the course after the last).
pub async fn complete_lesson(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path((slug, lesson_slug)): Path<(String, String)>,
) -> AppResult<Response> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let course = published(&state, &slug).await?;
    let lesson = course.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?;
    let issued = complete(&state, user, &course, lesson).await?;
    let lessons: Vec<&LessonContent> = course.content.lessons().map(|(_, l)| l).collect();
    let next = lessons.iter().position(|l| l.id == lesson.id).and_then(|i| lessons.get(i + 1));
    let target = match (issued, next) {
        (Some(certificate), _) => format!("/certificates/{}?new=1", certificate.id),
        (None, Some(next)) => format!("/courses/{slug}/lessons/{}", next.slug),
        (None, None) => format!("/courses/{slug}"),
    };
    Ok(Redirect::to(&target).into_response())
}

/// `POST /courses/{slug}/lessons/{lesson}/reflection`: saves the private note.
pub async fn save_reflection(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path((slug, lesson_slug)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let course = published(&state, &slug).await?;
    let lesson = course.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?;
    let note: String = field(&pairs, "note").chars().take(10_000).collect();
    state.store.save_reflection(user.id, lesson.id, &note).await?;
    Ok(Redirect::to(&format!("/courses/{slug}/lessons/{lesson_slug}#reflection")).into_response())
}

/// A course on "my learning".
pub struct LearningRow {
    card: CourseCard,
    percent: usize,
    complete: bool,
    last_activity: String,
}

/// A reflection note on "my learning".
pub struct NoteRow {
    course_slug: String,
    lesson_slug: String,
    lesson_title: String,
    body: String,
}

/// "My learning".
#[derive(Template)]
#[template(path = "courses/learning.html")]
pub struct LearningPage {
    ctx: Ctx,
    courses: Vec<LearningRow>,
    certificates: Vec<(String, String, String)>,
    notes: Vec<NoteRow>,
}

/// `GET /learning`.
pub async fn show_learning(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
) -> AppResult<Response> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let progress = state.store.all_progress(user.id).await?;
    let all = state.courses.all_published(&state.store).await?;
    let mut courses = Vec::new();
    let mut notes = Vec::new();
    let reflections = state.store.reflections(user.id).await?;
    for course in &all {
        let mine: Vec<_> = progress.iter().filter(|p| p.course_id == course.course_id).cloned().collect();
        if !mine.is_empty() {
            let learner = course_state(&course.content, &mine);
            let last =
                mine.iter().flat_map(|p| [Some(p.visited_at), p.completed_at, p.passed_at]).flatten().max();
            let mut card = CourseCard::new(&course.content, ctx.lang);
            card.continue_slug = learner.next.clone();
            courses.push(LearningRow {
                card,
                percent: learner.percent(),
                complete: learner.is_complete(),
                last_activity: last.map(crate::web::day_of).unwrap_or_default(),
            });
        }
        for note in &reflections {
            if let Some(lesson) = course.content.lesson_by_id(note.lesson_id) {
                notes.push(NoteRow {
                    course_slug: course.content.slug.clone(),
                    lesson_slug: lesson.slug.clone(),
                    lesson_title: pick(ctx.lang, &lesson.title, &lesson.title_ja).to_owned(),
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
        .map(|c| (c.id, c.course_title, crate::web::day_of(c.issued_at)))
        .collect();
    Ok(ctx.render(&LearningPage { ctx: ctx.clone(), courses, certificates, notes }))
}

/// The hours of a course, formatted (for templates elsewhere).
pub fn format_hours(value: f64) -> String {
    hours(value)
}
