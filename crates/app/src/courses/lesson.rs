//! The lesson page (with its quiz, completion and reflection), and the two fast ways
//! it is sent: visitors' pages from the visitor page cache (see
//! [`crate::content::page_cache`]), and members' pages stitched from a shared skeleton
//! and their own parts (see [`crate::web::stitch`]).

use std::sync::Arc;

use altto_store::{Certificate, DocumentRef, QuizAttempt, User};
use askama::Template;
use axum::{
    Extension, Form,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};

use super::{
    content::{LessonContent, ModuleContent, Resource, Video},
    files,
    library::Published,
    pages::{certificate_of, published},
    progress::{LessonState, course_state},
    quiz::{self, Answer, Outcome},
    views::{QuestionView, pick, question_views},
};
use crate::{
    auth::RequestAuth,
    certificates,
    content::page_cache::Cacheable,
    error::{AppError, AppResult},
    state::AppState,
    web::forms::{Pairs, field},
    web::{
        Ctx,
        compress::accepts_gzip,
        stitch::{Hole, Skeleton},
    },
};

/// A neighbouring lesson.
pub struct Neighbour {
    slug: String,
    title: String,
}

/// What a lesson page shows that is the member's own (all empty for a visitor).
#[derive(Default)]
pub struct Mine {
    signed_in: bool,
    state: LessonState,
    best_score: Option<i64>,
    percent: Option<usize>,
    note: String,
    certificate: Option<String>,
}

/// The parts of a lesson page made from [`Mine`]: the holes of a member's stitched page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The member's state in the lesson, and their progress in the course.
    Meta,
    /// Their best quiz score.
    Best,
    /// Their reflection note.
    Note,
    /// Their certificate, and "mark complete" or "done".
    Actions,
}

impl Part {
    const ALL: [Part; 4] = [Part::Meta, Part::Best, Part::Note, Part::Actions];
}

/// One part of a lesson page made from [`Mine`].
#[derive(Template)]
#[template(path = "courses/lesson_part.html")]
struct LessonPart<'a> {
    ctx: &'a Ctx,
    mine: &'a Mine,
    part: Part,
    course_slug: &'a str,
    lesson_slug: &'a str,
}

impl LessonPart<'_> {
    fn html(&self) -> String {
        self.render().unwrap_or_default()
    }
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
    video: Option<Video>,
    transcript: Option<String>,
    resources: Vec<Resource>,
    /// The addresses of the lesson's files (video, captions, downloads), by path.
    media_urls: Vec<(String, String)>,
    revision_id: i64,
    questions: Vec<QuestionView>,
    pass_mark: u32,
    outcome: Option<Outcome>,
    quiz_notice: Option<String>,
    prev: Option<Neighbour>,
    next: Option<Neighbour>,
    licence: &'static str,
    licence_url: &'static str,
    authors: String,
    mine: Mine,
}

impl LessonPage {
    /// The address of a file of the lesson, naming the published version.
    fn media_url(&self, path: &str) -> String {
        self.media_urls
            .iter()
            .find(|(p, _)| p == path)
            .map_or_else(|| files::public_url(&self.course_slug, path, None), |(_, url)| url.clone())
    }

    fn lesson_slug(&self) -> &str {
        &self.lesson_slug
    }

    fn score_text(&self) -> String {
        match &self.outcome {
            Some(o) => self.ctx.t1("quiz-score", "score", &o.score.to_string()),
            None => String::new(),
        }
    }

    /// The member's own `part`, or its hole when this is a skeleton.
    fn part(&self, part: Part) -> String {
        self.ctx.personal(Hole::Page(part as u8), || {
            LessonPart {
                ctx: &self.ctx,
                mine: &self.mine,
                part,
                course_slug: &self.course_slug,
                lesson_slug: &self.lesson_slug,
            }
            .html()
        })
    }
}

/// What `user` has of `lesson`; opening it counts as a visit.
async fn mine(
    state: &AppState,
    user: Option<&User>,
    course: &Published,
    lesson: &LessonContent,
) -> AppResult<Mine> {
    let Some(user) = user else { return Ok(Mine::default()) };
    let progress = state.store.course_progress(user.id, course.course_id).await?;
    let row = progress.iter().find(|p| p.lesson_id == lesson.id);
    if row.is_none() {
        state.store.record_visit(user.id, lesson.id, course.course_id).await?;
    }
    let learner = course_state(&course.content, &progress);
    let certificate = match learner.is_complete() {
        true => certificate_of(state, user, course).await?,
        false => None,
    };
    Ok(Mine {
        signed_in: true,
        state: learner.of(lesson.id),
        best_score: row.and_then(|r| r.best_score),
        percent: Some(learner.percent()),
        note: state.store.reflection(user.id, lesson.id).await?.unwrap_or_default(),
        certificate,
    })
}

/// The lesson page for `lesson` of `course`, with the quiz as answered and marked.
fn page_of(
    ctx: &Ctx,
    course: &Published,
    lesson: &LessonContent,
    answers: &[Option<Answer>],
    outcome: Option<Outcome>,
    quiz_notice: Option<String>,
    mine: Mine,
) -> LessonPage {
    let content = &course.content;
    let lessons: Vec<(&ModuleContent, &LessonContent)> = content.lessons().collect();
    let position = lessons.iter().position(|(_, l)| l.id == lesson.id).unwrap_or(0);
    let neighbour = |index: Option<usize>| {
        index.and_then(|i| lessons.get(i)).map(|(_, l)| Neighbour {
            slug: l.slug.clone(),
            title: pick(ctx.lang, &l.title, &l.title_ja).to_owned(),
        })
    };
    let video_files = lesson.video.iter().flat_map(|v| [&v.file, &v.captions]).flatten();
    let media_urls = video_files
        .chain(lesson.resources.iter().map(|r| &r.file))
        .map(|path| {
            let listed = content.files.as_ref().and_then(|files| files.get(path));
            (path.clone(), files::public_url(&content.slug, path, listed))
        })
        .collect();
    LessonPage {
        ctx: ctx.clone(),
        media_urls,
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
        video: lesson.video.clone(),
        transcript: course.transcripts.get(&lesson.id).cloned(),
        resources: lesson.resources.clone(),
        revision_id: course.revision_id,
        questions: question_views(ctx.lang, lesson, answers, outcome.as_ref()),
        pass_mark: lesson.quiz.as_ref().map_or(0, |q| q.pass_mark),
        outcome,
        quiz_notice,
        prev: neighbour(position.checked_sub(1)),
        next: neighbour(Some(position + 1)),
        licence: content.licence.name(),
        licence_url: content.licence.url(),
        authors: content.authors.join(", "),
        mine,
    }
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
    let plain = !ctx.path_and_query.contains('?');
    // Visitors all get the same page (no per-visitor token or cookie on it): the route
    // keeps it, once per published revision and language.
    if user.is_none() {
        let page = ctx.render(&page_of(&ctx, &course, lesson, &[], None, None, Mine::default()));
        return Ok(
            Cacheable { doc: DocumentRef::course(course.course_id), revision: course.revision_id }.mark(page)
        );
    }
    let mine = mine(&state, user, &course, lesson).await?;
    // A member's page: the shared skeleton with their own parts stitched in.
    if plain
        && accepts_gzip(&headers)
        && let Some(skeleton) = skeleton(&state, &ctx, &course, lesson)
    {
        // The skeleton's page holes are numbered from `Part` (see `LessonPage::part`).
        let own = |part: u8| {
            let part = Part::ALL.get(usize::from(part)).copied().unwrap_or(Part::Meta);
            LessonPart { ctx: &ctx, mine: &mine, part, course_slug: &slug, lesson_slug: &lesson_slug }.html()
        };
        let parts: Vec<String> = skeleton.holes().iter().map(|hole| ctx.fill(*hole, own)).collect();
        if let Some(gzip) = skeleton.gzip(&parts) {
            return Ok(ctx.html_response(StatusCode::OK, Body::from(gzip), true));
        }
    }
    Ok(ctx.render(&page_of(&ctx, &course, lesson, &[], None, None, mine)))
}

/// The shared skeleton of members' pages of `lesson` in `ctx`'s language, from the
/// cache or rendered now. `None` if the page cannot be stitched.
fn skeleton(
    state: &AppState,
    ctx: &Ctx,
    course: &Published,
    lesson: &LessonContent,
) -> Option<Arc<Skeleton>> {
    let key = (course.revision_id, lesson.id, ctx.lang);
    if let Some(skeleton) = state.courses.skeleton(key) {
        return Some(skeleton);
    }
    let (shared, recorder) = ctx.skeleton();
    let member = Mine { signed_in: true, ..Mine::default() };
    let html = page_of(&shared, course, lesson, &[], None, None, member).render().ok()?;
    let skeleton = Skeleton::new(&html, recorder.holes())?;
    Some(state.courses.keep_skeleton(course.course_id, key, skeleton))
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
    certify_if_complete(state, user, course).await
}

/// Issues the learner's certificate for `course` if every lesson is done and every quiz
/// passed (the one place a certificate is issued).
async fn certify_if_complete(
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
        summary: &content.summary,
        hours: content.hours,
        licence: content.licence.spdx(),
    };
    Ok(Some(certificates::issue(state, completion).await?))
}

/// Marks a quiz attempt (`answers` in the author's order of items, see
/// [`quiz::from_shown`]). A member's attempt is kept (the best score counts) and passing
/// completes the lesson; a visitor's is only marked. Answers that do not fit the quiz,
/// or that answer nothing, are refused without storing anything.
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
        state
            .store
            .record_attempt(QuizAttempt {
                user: user.id,
                lesson_id: lesson.id,
                course_id: course.course_id,
                revision_id: course.revision_id,
                score: i64::from(outcome.score),
                passed: outcome.passed,
                answers: serde_json::to_string(answers).unwrap_or_default(),
            })
            .await?;
        // Passing completed the lesson, which may have finished the course.
        if outcome.passed {
            certify_if_complete(state, user, course).await?;
        }
    }
    Ok(Ok(outcome))
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
            let mine = mine(&state, user, &course, lesson).await?;
            let page = page_of(&ctx, &course, lesson, &[], None, Some(notice), mine);
            Ok::<_, AppError>(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    };
    if field(&pairs, "revision") != course.revision_id.to_string() {
        return refuse("quiz-changed").await;
    }
    let Some(quiz) = &lesson.quiz else { return refuse("quiz-not-this-quiz").await };
    let Ok(answers) = quiz::form::read(quiz, lesson.id, &pairs) else {
        return refuse("quiz-not-this-quiz").await;
    };
    let outcome = match attempt_quiz(&state, user, &course, lesson, &answers).await? {
        Ok(outcome) => outcome,
        Err(quiz::Mismatch::Unanswered) => return refuse("quiz-unanswered").await,
        Err(quiz::Mismatch::NotThisQuiz) => return refuse("quiz-not-this-quiz").await,
    };
    let mine = mine(&state, user, &course, lesson).await?;
    let page = page_of(&ctx, &course, lesson, &answers, Some(outcome), None, mine);
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
