//! The quiz editor: a lesson's quiz as a form of questions — no TOML — with buttons
//! that add, move and remove questions and add choices without saving (they work
//! without JavaScript: each re-renders the form with the change), and "Save quiz",
//! which saves a new revision on top of the one the form was made from. What the
//! author typed is read and checked in [`super::quiz_form`].

use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use fluent_templates::fluent_bundle::FluentValue;

use super::{
    SaveError, load, load_for_edit,
    outline::base_of,
    quiz_form::{Action, FieldProblem, Kind, QuizDraft, What},
    save,
};
use crate::{
    auth::RequestAuth,
    content::workflow::Decision,
    courses::{
        content::ShowAnswers,
        quiz::{
            cloze::ClozeError,
            format::{Part, Problem},
        },
    },
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    web::{
        Ctx,
        forms::{Pairs, clean_text, field},
    },
};

/// A problem as the page shows it: the field's id and the message.
pub struct Shown {
    id: String,
    message: String,
}

/// The quiz editor page.
#[derive(Template)]
#[template(path = "authoring/quiz.html")]
pub struct QuizEditPage {
    ctx: Ctx,
    slug: String,
    lesson_slug: String,
    lesson_title: String,
    /// The revision the form was made from.
    base: i64,
    draft: QuizDraft,
    problems: Vec<Shown>,
    /// Why nothing was saved, when it is not the form's problems (read out at once).
    notice: Option<String>,
    /// What the last button did (read out politely).
    status: Option<String>,
    can_edit: bool,
}

impl QuizEditPage {
    /// The messages of the field `id`.
    fn problems_at(&self, id: &str) -> Vec<&str> {
        self.problems.iter().filter(|p| p.id == id).map(|p| p.message.as_str()).collect()
    }

    /// The kinds a question may be added as.
    fn kinds(&self) -> [Kind; 7] {
        Kind::ALL
    }

    /// The settings of when answers are shown.
    fn show_answers_options(&self) -> [ShowAnswers; 3] {
        ShowAnswers::ALL
    }

    /// "Question 3" in the page's language.
    fn question_heading(&self, index: &usize) -> String {
        self.ctx.t1("quiz-editor-question-number", "number", &(index + 1).to_string())
    }

    /// The name of `kind` in the page's language.
    fn kind_name(&self, kind: &Kind) -> String {
        self.ctx.t(&format!("quiz-editor-kind-{}", kind.as_str().replace('_', "-")))
    }
}

/// `GET /author/courses/{slug}/lessons/{lesson}/quiz`.
pub async fn edit_quiz(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((slug, lesson_slug)): Path<(String, String)>,
) -> AppResult<Response> {
    let working = load(&state, &auth, &slug).await?;
    let lesson = working.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?;
    let saved = ctx.path_and_query.contains("saved=1");
    let page = QuizEditPage {
        slug,
        lesson_title: lesson.title.clone(),
        lesson_slug,
        base: working.latest.unwrap_or_default(),
        draft: QuizDraft::of(lesson.quiz.as_ref()),
        problems: Vec::new(),
        notice: None,
        status: saved.then(|| ctx.t("quiz-editor-saved")),
        can_edit: working.may(&auth, Decision::Save),
        ctx: ctx.clone(),
    };
    Ok(ctx.render(&page))
}

/// `POST /author/courses/{slug}/lessons/{lesson}/quiz`: a button that changes the form
/// (re-rendered, nothing saved), or "Save quiz". A save on top of a revision someone
/// else replaced meanwhile is refused with the form kept, so no one's work is lost.
pub async fn save_quiz(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((slug, lesson_slug)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let mut content = working.content.clone();
    let lesson = content
        .modules
        .iter_mut()
        .flat_map(|m| m.lessons.iter_mut())
        .find(|l| l.slug == lesson_slug)
        .ok_or(AppError::NotFound)?;
    let mut draft = QuizDraft::read(&pairs);
    let base = base_of(&pairs);
    let lesson_title = lesson.title.clone();
    let page = |draft: QuizDraft, problems: Vec<Shown>, notice, status, base: i64| QuizEditPage {
        ctx: ctx.clone(),
        slug: slug.clone(),
        lesson_slug: lesson_slug.clone(),
        lesson_title: lesson_title.clone(),
        base,
        draft,
        problems,
        notice,
        status,
        can_edit: true,
    };
    let action = Action::parse(field(&pairs, "action")).unwrap_or(Action::Save);
    if action != Action::Save {
        draft.apply(action);
        let status = Some(ctx.t("quiz-editor-not-saved-yet"));
        return Ok(ctx.render(&page(draft, Vec::new(), None, status, base.unwrap_or_default())));
    }
    let quiz = match draft.quiz() {
        Ok(quiz) => quiz,
        Err(problems) => {
            let shown =
                problems.iter().map(|p| Shown { id: p.id.clone(), message: wording(ctx.lang, p) }).collect();
            let page = page(draft, shown, None, None, base.unwrap_or_default());
            return Ok(ctx.render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    lesson.quiz = Some(quiz);
    let note = clean_text(field(&pairs, "note"), 200)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| ctx.t1("quiz-editor-note", "title", &lesson_title));
    match save(&state, &auth, &working, base, content, &note).await {
        Ok(_) => Ok(Redirect::to(&format!("/author/courses/{slug}/lessons/{lesson_slug}/quiz?saved=1"))
            .into_response()),
        Err(SaveError::Stale) => {
            let notice = Some(ctx.t("quiz-editor-stale"));
            // The new base lets them save their version on top of the other one deliberately.
            let current = state
                .store
                .course_by_slug(&slug)
                .await?
                .and_then(|c| c.latest_revision_id)
                .or(working.latest)
                .unwrap_or_default();
            Ok(ctx.render_with_status(StatusCode::CONFLICT, &page(draft, Vec::new(), notice, None, current)))
        }
        Err(SaveError::Other(err)) => Err(err),
    }
}

/// `problem` in `lang`: "Question 3: mark at least one option as correct".
pub fn wording(lang: Lang, problem: &FieldProblem) -> String {
    let with = |key: &str, name: &str, value: String| lang.t_args(key, &[(name, FluentValue::from(value))]);
    let message = match &problem.what {
        What::TooLong(max) => with("quiz-editor-problem-too-long", "max", max.to_string()),
        What::Rule(rule) => match rule {
            Problem::PassMark => lang.t("quiz-editor-problem-pass-mark"),
            Problem::AnswersAfterAttempts => lang.t("quiz-editor-problem-after-attempts"),
            Problem::NoQuestions => lang.t("quiz-editor-problem-no-questions"),
            Problem::NoPrompt => lang.t("quiz-editor-problem-no-prompt"),
            Problem::Choices { enough: false, .. } => lang.t("quiz-editor-problem-two-options"),
            Problem::Choices { single: true, .. } => lang.t("quiz-editor-problem-one-correct"),
            Problem::Choices { single: false, .. } => lang.t("quiz-editor-problem-some-correct"),
            Problem::NoAcceptedAnswer => lang.t("quiz-editor-problem-no-answer"),
            Problem::Unmatchable(text) => with("quiz-editor-problem-unmatchable", "text", text.clone()),
            Problem::TooFewItems => lang.t("quiz-editor-problem-two-items"),
            Problem::TooFewPairs => lang.t("quiz-editor-problem-two-pairs"),
            Problem::Empty(part) => lang.t(&format!("quiz-editor-problem-empty-{}", part_key(*part))),
            Problem::Repeated(part, text) => {
                with(&format!("quiz-editor-problem-twice-{}", part_key(*part)), "text", text.clone())
            }
            Problem::DistractorIsRight(text) => {
                with("quiz-editor-problem-distractor-is-right", "text", text.clone())
            }
            Problem::Cloze(error) => match error {
                ClozeError::Unclosed => lang.t("quiz-editor-problem-cloze-unclosed"),
                ClozeError::Stray => lang.t("quiz-editor-problem-cloze-stray"),
                ClozeError::Nested(n) => with("quiz-editor-problem-cloze-nested", "number", n.to_string()),
                ClozeError::EmptyBlank(n) => with("quiz-editor-problem-cloze-empty", "number", n.to_string()),
                ClozeError::NoBlanks => lang.t("quiz-editor-problem-cloze-no-blanks"),
            },
        },
    };
    match problem.question {
        Some(i) => lang.t_args(
            "quiz-editor-problem-in-question",
            &[("number", FluentValue::from((i + 1).to_string())), ("problem", FluentValue::from(message))],
        ),
        None => message,
    }
}

fn part_key(part: Part) -> &'static str {
    match part {
        Part::Choice => "choice",
        Part::Item => "item",
        Part::Left => "left",
        Part::Right => "right",
        Part::Distractor => "distractor",
    }
}
