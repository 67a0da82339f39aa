//! Taking a lesson's quiz: marking the answers and keeping the attempt — a member's in
//! the database (the best score counts, passing completes the lesson), a visitor's in
//! their progress cookie (see [`super::device`]).

use altto_store::{QuizAttempt, User};
use axum::{
    Extension, Form,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::Response,
};

use super::{
    completion::{certify_if_complete, with_device_cookie},
    content::{LessonContent, ShowAnswers},
    device::DeviceProgress,
    lesson::{Mine, mine, page_of},
    library::Published,
    pages::published,
    quiz::{self, Answer, Outcome},
};
use crate::{
    auth::RequestAuth,
    error::{AppError, AppResult},
    state::AppState,
    web::{
        Ctx,
        forms::{Pairs, field},
    },
};

/// Marks a quiz attempt (`answers` in the author's order of items, see
/// [`quiz::from_shown`]). A member's attempt is kept (the best score counts) and passing
/// completes the lesson; a visitor's is only marked here (the lesson page keeps it in
/// the visitor's progress cookie, see [`submit_quiz`]). Answers that do not fit the quiz,
/// or that answer nothing, are refused without storing anything. The right answers are
/// [concealed](Outcome::conceal) until the quiz shows them to this learner: a member's
/// attempts are counted in the database; a visitor's `earlier` ones (passed, attempts)
/// come from their device, if any.
pub async fn attempt_quiz(
    state: &AppState,
    user: Option<&User>,
    course: &Published,
    lesson: &LessonContent,
    answers: &[Option<Answer>],
    earlier: Option<(bool, u32)>,
) -> AppResult<Result<Outcome, quiz::Mismatch>> {
    let Some(quiz) = &lesson.quiz else { return Ok(Err(quiz::Mismatch::NotThisQuiz)) };
    let mut outcome = match quiz::mark(quiz, answers) {
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
    if quiz.show_answers != ShowAnswers::Always {
        let (passed, attempts) = match user {
            Some(user) => {
                let progress = state.store.course_progress(user.id, course.course_id).await?;
                let row = progress.iter().find(|p| p.lesson_id == lesson.id);
                let attempts = row.map_or(1, |r| u32::try_from(r.attempts).unwrap_or(u32::MAX));
                (row.is_some_and(|r| r.passed_at.is_some()), attempts)
            }
            None => earlier.map_or((false, 1), |(passed, attempts)| (passed, attempts.saturating_add(1))),
        };
        if !quiz.reveals_answers(passed || outcome.passed, attempts) {
            outcome.conceal();
        }
    }
    Ok(Ok(outcome))
}

/// `POST /courses/{slug}/lessons/{lesson}/quiz`: marks the answers and shows feedback.
/// For members the attempt is kept (best score counts) and passing completes the
/// lesson; a visitor's is kept the same way in their progress cookie (see
/// [`super::device`]), and they are invited to sign up to keep it.
pub async fn submit_quiz(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, lesson_slug)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let course = published(&state, &slug).await?;
    let lesson = course.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?;
    let body = state.courses.lesson_html(&state.store, &course, lesson).await?;
    let user = auth.member_or_visitor()?;
    let refuse = |notice_key: &str| {
        let state = state.clone();
        let ctx = ctx.clone();
        let notice = ctx.t(notice_key);
        let course = course.clone();
        let body = body.clone();
        async move {
            let mine = mine(&state, user, &course, lesson).await?;
            let page = page_of(&ctx, &course, lesson, &body, &[], None, Some(notice), mine);
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
    // A visitor's progress is on their device: their earlier attempts decide whether
    // the right answers are shown.
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let mut device = match user {
        None => DeviceProgress::from_cookies(&state.secrets.csrf_key, cookies).unwrap_or_default(),
        Some(_) => DeviceProgress::default(),
    };
    let earlier = device.lesson(lesson.id).map(|l| (l.passed, l.attempts));
    let outcome = match attempt_quiz(&state, user, &course, lesson, &answers, earlier).await? {
        Ok(outcome) => outcome,
        Err(quiz::Mismatch::Unanswered) => return refuse("quiz-unanswered").await,
        Err(quiz::Mismatch::NotThisQuiz) => return refuse("quiz-not-this-quiz").await,
    };
    if user.is_none() {
        device.record_attempt(lesson.id, outcome.score, outcome.passed);
        let mine = Mine::on_device(&course, lesson, &device);
        let page = page_of(&ctx, &course, lesson, &body, &answers, Some(outcome), None, mine);
        return Ok(with_device_cookie(ctx.render(&page), &state, &device));
    }
    let mine = mine(&state, user, &course, lesson).await?;
    let page = page_of(&ctx, &course, lesson, &body, &answers, Some(outcome), None, mine);
    Ok(ctx.render(&page))
}
