//! Importing quiz questions from Moodle into a lesson: the author uploads a GIFT or
//! Moodle XML file from the lesson editor, chooses to add its questions to the quiz or
//! to replace the quiz, and sees what was imported and what was left out and why. The
//! import is an edit like any other: one new revision, refused if someone saved
//! meanwhile. A file with errors imports nothing; each error names its question.

use askama::Template;
use axum::{
    Extension,
    extract::{Multipart, Path, State},
    http::StatusCode,
    response::Response,
};

use super::{SaveError, load_for_edit, save};
use crate::{
    auth::RequestAuth,
    courses::{
        content::{LessonContent, Question, Quiz},
        moodle::{self, Imported},
        quiz::format as quiz_format,
    },
    error::{AppError, AppResult},
    state::AppState,
    web::Ctx,
};

/// The pass mark of a quiz that an import creates (the one the starter course uses).
const NEW_QUIZ_PASS_MARK: u32 = 70;

/// An imported question, as the result page lists it.
pub struct ImportedRow {
    /// The translation key of its kind.
    kind: String,
    prompt: String,
}

/// A question (or part of one) left out, as the result page lists it.
pub struct SkippedRow {
    question: String,
    kind: String,
    reason: String,
}

/// What an import did, or why it did nothing.
#[derive(Template)]
#[template(path = "authoring/import.html")]
pub struct ImportPage {
    ctx: Ctx,
    slug: String,
    lesson_slug: String,
    lesson_title: String,
    /// The revision a new import starts from.
    base: i64,
    /// Whether the questions were saved.
    saved: bool,
    /// Why nothing was saved, when it is not the file's errors.
    notice: Option<String>,
    /// The file's errors, each with its question.
    problems: Vec<String>,
    /// The questions imported.
    imported: Vec<ImportedRow>,
    /// The questions left out.
    left_out: Vec<SkippedRow>,
    /// The imported questions that lost a part.
    changed: Vec<SkippedRow>,
    /// How many questions the quiz has now.
    total: usize,
}

impl ImportPage {
    fn summary(&self) -> String {
        self.ctx
            .lang
            .t_args("import-saved", &[("count", self.imported.len().into()), ("total", self.total.into())])
    }
}

/// Whether the file's questions join the quiz's or take their place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Add,
    Replace,
}

/// The import form: the revision it was made from, the mode and the file.
struct ImportForm {
    base: Option<i64>,
    mode: Mode,
    name: String,
    bytes: Vec<u8>,
}

/// Reads the import form, keeping the file to `limit` bytes (the error is a translation
/// key).
async fn read_form(multipart: &mut Multipart, limit: usize) -> Result<ImportForm, &'static str> {
    let mut form = ImportForm { base: None, mode: Mode::Add, name: String::new(), bytes: Vec::new() };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err("media-upload-failed"),
        };
        match field.name() {
            Some("base") => form.base = field.text().await.ok().and_then(|base| base.trim().parse().ok()),
            Some("mode") => {
                let replace = field.text().await.is_ok_and(|mode| mode == "replace");
                form.mode = if replace { Mode::Replace } else { Mode::Add };
            }
            Some("file") => {
                form.name = field.file_name().unwrap_or_default().to_owned();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) if form.bytes.len() + chunk.len() <= limit => {
                            form.bytes.extend_from_slice(&chunk)
                        }
                        Ok(Some(_)) => return Err("import-too-large"),
                        Ok(None) => break,
                        Err(_) => return Err("media-upload-failed"),
                    }
                }
            }
            _ => {}
        }
    }
    if form.bytes.is_empty() {
        return Err("import-choose-file");
    }
    Ok(form)
}

fn rows(imported: &Imported, ctx: &Ctx, left_out: bool) -> Vec<SkippedRow> {
    imported
        .skipped
        .iter()
        .filter(|skipped| skipped.reason.left_out() == left_out)
        .map(|skipped| SkippedRow {
            question: skipped.name_or_number.label(ctx.lang),
            kind: skipped.kind.clone(),
            reason: skipped.reason.message(ctx.lang),
        })
        .collect()
}

/// The quiz after the import: the lesson's questions (unless replaced) and the file's.
fn combined(lesson: &LessonContent, mode: Mode, questions: Vec<Question>) -> Quiz {
    let mut quiz = lesson.quiz.clone().unwrap_or(Quiz { pass_mark: NEW_QUIZ_PASS_MARK, ..Quiz::default() });
    if mode == Mode::Replace {
        quiz.questions.clear();
    }
    quiz.questions.extend(questions);
    quiz
}

/// The editor's own check of a quiz: an import never saves a quiz the editor could not.
fn editor_check(quiz: &Quiz) -> Result<(), Vec<String>> {
    let problems = quiz_format::problems(quiz);
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// `POST /author/courses/{slug}/lessons/{lesson}/import` (multipart): reads the file,
/// saves the quiz with its questions as a new revision, and shows what was imported and
/// what was left out. The page is the answer to the POST rather than a redirect: the
/// list of what was left out exists only while the file is read (the file is not kept),
/// and sending the form again is refused as stale, so nothing is imported twice.
pub async fn import_questions(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((slug, lesson_slug)): Path<(String, String)>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let lesson = working.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?.clone();
    let page = ImportPage {
        ctx: ctx.clone(),
        slug,
        lesson_slug,
        lesson_title: lesson.title.clone(),
        base: working.latest.unwrap_or_default(),
        saved: false,
        notice: None,
        problems: Vec::new(),
        imported: Vec::new(),
        left_out: Vec::new(),
        changed: Vec::new(),
        total: 0,
    };
    let refuse = |status: StatusCode, page: ImportPage| Ok(ctx.render_with_status(status, &page));
    let limit = state.settings.upload_limit_bytes;
    let form = match read_form(&mut multipart, limit).await {
        Ok(form) => form,
        Err(key) => {
            let megabytes = (limit / (1024 * 1024)).to_string();
            let notice = ctx.t1(key, "limit", &megabytes);
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, ImportPage { notice: Some(notice), ..page });
        }
    };
    // Told before the file is read (the save checks again, atomically).
    if form.base != working.latest {
        return refuse(StatusCode::CONFLICT, ImportPage { notice: Some(ctx.t("author-stale")), ..page });
    }
    let bytes = form.bytes;
    let imported = match state.markdown.run(move || moodle::parse(&bytes)).await? {
        Ok(imported) => imported,
        Err(problems) => {
            let problems = problems.iter().map(|problem| problem.message(ctx.lang)).collect();
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, ImportPage { problems, ..page });
        }
    };
    let page = ImportPage {
        left_out: rows(&imported, &ctx, true),
        changed: rows(&imported, &ctx, false),
        imported: imported
            .questions
            .iter()
            .map(|q| ImportedRow {
                kind: format!("import-kind-{}", q.kind()),
                // A cloze question's prompt is the same for all: its text tells them apart.
                prompt: match q {
                    Question::Cloze { text, .. } => text.clone(),
                    _ => q.prompt().to_owned(),
                },
            })
            .collect(),
        ..page
    };
    if imported.questions.is_empty() {
        let notice = Some(ctx.t("import-nothing"));
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, ImportPage { notice, ..page });
    }
    let quiz = combined(&lesson, form.mode, imported.questions);
    if let Err(problems) = editor_check(&quiz) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, ImportPage { problems, ..page });
    }
    let total = quiz.questions.len();
    let mut content = working.content.clone();
    let slot =
        content.modules.iter_mut().flat_map(|m| m.lessons.iter_mut()).find(|l| l.slug == page.lesson_slug);
    slot.ok_or(AppError::NotFound)?.quiz = Some(quiz);
    let note = ctx.lang.t_args(
        "import-note",
        &[
            ("count", page.imported.len().into()),
            ("file", form.name.as_str().into()),
            ("title", page.lesson_title.as_str().into()),
        ],
    );
    match save(&state, &auth, &working, form.base, content, &note).await {
        Ok(revision) => Ok(ctx.render(&ImportPage { saved: true, total, base: revision, ..page })),
        Err(SaveError::Stale) => {
            // The new base lets them import on top of the other save deliberately.
            let current = state.store.course_by_slug(&page.slug).await?.and_then(|c| c.latest_revision_id);
            let base = current.unwrap_or(page.base);
            let notice = Some(ctx.t("author-stale"));
            Ok(ctx.render_with_status(StatusCode::CONFLICT, &ImportPage { notice, base, ..page }))
        }
        Err(SaveError::Other(err)) => Err(err),
    }
}
