//! Editing a lesson: Markdown body with a server-rendered preview, titles in English
//! and Japanese, reflection prompt and optional hosted video. Its quiz has its own
//! editor (see [`super::quiz`]); a save here keeps the quiz as it is.

use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    SaveError,
    lesson_media::{self, LessonMedia},
    load, load_for_edit,
    outline::base_of,
    save,
};
use crate::{
    auth::RequestAuth,
    content::{markdown, workflow::Decision},
    courses::content::{LessonContent, Manifest, Video},
    error::{AppError, AppResult},
    state::AppState,
    web::forms::{Pairs, field},
    web::{
        Ctx,
        forms::{FormState, clean_text},
    },
};

/// The lesson editor.
#[derive(Template)]
#[template(path = "authoring/lesson.html")]
pub struct LessonEditPage {
    ctx: Ctx,
    slug: String,
    lesson_slug: String,
    base: i64,
    form: FormState,
    preview: Option<String>,
    /// How many questions the lesson's quiz has (edited on its own page).
    quiz_questions: usize,
    /// Why the lesson text cannot be saved as it is (too long, nested too deeply).
    body_problem: Option<String>,
    /// Why its Japanese version cannot be saved as it is.
    body_ja_problem: Option<String>,
    can_edit: bool,
    notice: Option<String>,
    /// The video's files, captions, transcript and downloads, chosen from the course's files.
    media: LessonMedia,
}

impl LessonEditPage {
    /// "Quiz: 3 questions — edit quiz".
    fn quiz_link(&self) -> String {
        self.ctx.lang.t_args("quiz-editor-link", &[("count", self.quiz_questions.into())])
    }
}

fn lesson_form(lesson: &LessonContent) -> FormState {
    let mut form = FormState::new();
    let video = lesson.video.clone().unwrap_or_default();
    form.keep("title", &lesson.title)
        .keep("title_ja", lesson.title_ja.clone().unwrap_or_default())
        .keep("summary", &lesson.summary)
        .keep("summary_ja", lesson.summary_ja.clone().unwrap_or_default())
        .keep("minutes", lesson.minutes.to_string())
        .keep("reflection", lesson.reflection.clone().unwrap_or_default())
        .keep("youtube", video.youtube.unwrap_or_default())
        .keep("vimeo", video.vimeo.unwrap_or_default())
        .keep("body", &lesson.body)
        .keep("body_ja", lesson.body_ja.clone().unwrap_or_default())
        .keep("reflection_ja", lesson.reflection_ja.clone().unwrap_or_default())
        .keep("glossary_links", if lesson.glossary_links { "on" } else { "" });
    form
}

/// `GET /author/courses/{slug}/lessons/{lesson}`.
pub async fn edit_lesson(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((slug, lesson_slug)): Path<(String, String)>,
) -> AppResult<Response> {
    let working = load(&state, &auth, &slug).await?;
    let lesson = working.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?;
    let files = working.content.files.clone().unwrap_or_default();
    let page = LessonEditPage {
        form: lesson_form(lesson),
        media: lesson_media::of_lesson(lesson, &files, ctx.lang),
        slug,
        lesson_slug,
        base: working.latest.unwrap_or_default(),
        preview: None,
        quiz_questions: lesson.quiz.as_ref().map_or(0, |q| q.questions.len()),
        body_problem: None,
        body_ja_problem: None,
        can_edit: working.may(&auth, Decision::Save),
        notice: None,
        ctx: ctx.clone(),
    };
    Ok(ctx.render(&page))
}

/// Reads the editor's fields into `lesson` (all but its quiz); problems go to `form`,
/// and what is wrong with the lesson text to `body_problem`. `files` are the course's
/// files, which the video's lists and the downloads choose from; the media part of the
/// editor as read is returned, to show again.
fn read_lesson(
    pairs: &Pairs,
    files: &Manifest,
    lesson: &mut LessonContent,
    form: &mut FormState,
    body_problem: &mut Option<markdown::Problem>,
    lang: crate::i18n::Lang,
) -> LessonMedia {
    for name in
        ["title", "title_ja", "summary", "summary_ja", "minutes", "reflection", "youtube", "vimeo", "body"]
    {
        form.keep(name, field(pairs, name));
    }
    let text =
        |name: &'static str, max: usize, form: &mut FormState| match clean_text(field(pairs, name), max) {
            Some(text) => text,
            None => {
                form.fail(name, "field-too-long");
                String::new()
            }
        };
    let optional = |text: String| (!text.is_empty()).then_some(text);
    lesson.title = text("title", 160, form);
    if lesson.title.is_empty() {
        form.fail("title", "field-title-required");
    }
    lesson.title_ja = optional(text("title_ja", 160, form));
    lesson.summary = text("summary", 400, form);
    if lesson.summary.is_empty() {
        form.fail("summary", "field-summary-required");
    }
    lesson.summary_ja = optional(text("summary_ja", 400, form));
    match field(pairs, "minutes").trim().parse::<u32>() {
        Ok(minutes) if (1..=600).contains(&minutes) => lesson.minutes = minutes,
        _ => {
            form.fail("minutes", "field-minutes-invalid");
        }
    }
    lesson.reflection = optional(text("reflection", 1000, form));
    let body = field(pairs, "body").replace("\r\n", "\n");
    if body.trim().is_empty() {
        form.fail("body", "field-body-required");
    } else if let Err(problem) = markdown::check(&body, &markdown::Profile::Authors) {
        form.fail("body", "field-body-cannot-publish");
        *body_problem = Some(problem);
    }
    lesson.body = body.trim_end().to_owned();
    // A form without the box (sent before it existed) keeps the lesson's setting.
    if !field(pairs, "glossary_links_shown").is_empty() {
        lesson.glossary_links = field(pairs, "glossary_links") == "on";
        form.keep("glossary_links", if lesson.glossary_links { "on" } else { "" });
    }
    let id = |name: &'static str, form: &mut FormState| {
        let typed = field(pairs, name).trim();
        match video_id(name, typed) {
            Some(id) => optional(id),
            None => {
                form.fail(name, "field-video-id-invalid");
                None
            }
        }
    };
    let youtube = id("youtube", form);
    let vimeo = id("vimeo", form);
    let picked = lesson_media::read(pairs, files, form, lang);
    let video_file = picked.video.file.is_some();
    if [youtube.is_some(), vimeo.is_some(), video_file].iter().filter(|set| **set).count() > 1 {
        form.fail("vimeo", "field-one-video");
    }
    lesson.video = if youtube.is_some() || vimeo.is_some() || video_file {
        Some(Video { youtube, vimeo, ..picked.video })
    } else {
        // Captions or a transcript alone would not be shown: say so rather than drop them.
        for (name, chosen) in
            [("captions", &picked.video.captions), ("captions_ja", &picked.video.captions_ja)]
                .into_iter()
                .chain([("transcript", &picked.video.transcript)])
        {
            if chosen.is_some() {
                form.fail(name, "media-needs-video");
            }
        }
        None
    };
    lesson.resources = picked.resources;
    picked.view
}

/// Reads the Japanese version's fields into `lesson` (an empty field: no Japanese
/// version); problems go to `form`, and what is wrong with the Japanese text (checked
/// like the lesson text: it is shown the same way) is returned.
fn read_japanese(
    pairs: &Pairs,
    lesson: &mut LessonContent,
    form: &mut FormState,
) -> Option<markdown::Problem> {
    form.keep("body_ja", field(pairs, "body_ja")).keep("reflection_ja", field(pairs, "reflection_ja"));
    match clean_text(field(pairs, "reflection_ja"), 1000) {
        Some(prompt) => lesson.reflection_ja = (!prompt.is_empty()).then_some(prompt),
        None => {
            form.fail("reflection_ja", "field-too-long");
        }
    }
    let body = field(pairs, "body_ja").replace("\r\n", "\n");
    let body = body.trim();
    lesson.body_ja = (!body.is_empty()).then(|| body.to_owned());
    let problem = markdown::check(body, &markdown::Profile::Authors).err();
    if problem.is_some() {
        form.fail("body_ja", "field-body-cannot-publish");
    }
    problem
}

/// `POST /author/courses/{slug}/lessons/{lesson}`: previews (`action=preview`) or saves.
/// A save on top of a revision someone else replaced meanwhile is refused with the
/// typed text kept in the form, so no one's work is lost.
pub async fn save_lesson(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path((slug, lesson_slug)): Path<(String, String)>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    answer_lesson_form(&state, &auth, &ctx, &slug, &lesson_slug, pairs, None).await
}

/// What the editor says at its top when it comes back after an upload from it.
pub enum Said {
    /// The file was stored and chosen.
    Done(String),
    /// The upload was refused (nothing changed), with the answer's status.
    Problem(StatusCode, String),
}

/// Previews or saves the editor's form `pairs` — or, after an upload from the editor
/// (`said`), shows it again as typed, saying what the upload did.
pub(super) async fn answer_lesson_form(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    slug: &str,
    lesson_slug: &str,
    pairs: Pairs,
    said: Option<Said>,
) -> AppResult<Response> {
    let (state, auth, slug, lesson_slug) =
        (state.clone(), auth.clone(), slug.to_owned(), lesson_slug.to_owned());
    let working = load_for_edit(&state, &auth, &slug).await?;
    // The working copy's files: an upload not yet published may be used at once.
    let files = working.content.files.clone().unwrap_or_default();
    let mut content = working.content.clone();
    let lesson = content
        .modules
        .iter_mut()
        .flat_map(|m| m.lessons.iter_mut())
        .find(|l| l.slug == lesson_slug)
        .ok_or(AppError::NotFound)?;
    let mut form = FormState::new();
    let mut body_problem = None;
    let mut media = read_lesson(&pairs, &files, lesson, &mut form, &mut body_problem, ctx.lang);
    let body_ja_problem = read_japanese(&pairs, lesson, &mut form);
    let quiz_questions = lesson.quiz.as_ref().map_or(0, |q| q.questions.len());
    let preview = field(&pairs, "action") == "preview";
    let (said_status, said_problem) = match said {
        Some(Said::Done(done)) => {
            media.uploaded = Some(done);
            (Some(StatusCode::OK), None)
        }
        Some(Said::Problem(status, problem)) => (Some(status), Some(problem)),
        None => (None, None),
    };
    let mut media = Some(media);
    let mut page =
        |form: FormState, preview: Option<String>, notice: Option<String>, base: i64| LessonEditPage {
            ctx: ctx.clone(),
            slug: slug.clone(),
            lesson_slug: lesson_slug.clone(),
            base,
            form,
            preview,
            quiz_questions,
            body_problem: body_problem.map(|problem| problem.message(ctx.lang)),
            body_ja_problem: body_ja_problem.map(|problem| problem.message(ctx.lang)),
            can_edit: true,
            notice,
            media: media.take().unwrap_or_default(),
        };
    let base = base_of(&pairs);
    if let Some(status) = said_status {
        return Ok(ctx.render_with_status(status, &page(form, None, said_problem, base.unwrap_or_default())));
    }
    if preview || form.has_errors() {
        let status = if form.has_errors() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
        // Only a text that passed the checks is rendered, and never on the async threads.
        let html = match (preview, body_problem) {
            (true, None) => {
                let body = field(&pairs, "body").to_owned();
                Some(state.markdown.run(move || markdown::render(&body, &markdown::Profile::Authors)).await?)
            }
            _ => None,
        };
        return Ok(ctx.render_with_status(status, &page(form, html, None, base.unwrap_or_default())));
    }
    let note = clean_text(field(&pairs, "note"), 200)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| ctx.t1("author-note-lesson-edited", "title", &lesson_slug));
    match save(&state, &auth, &working, base, content, &note).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/author/courses/{slug}/lessons/{lesson_slug}?saved=1")).into_response())
        }
        Err(SaveError::Stale) => {
            let notice = Some(ctx.t("author-stale-lesson"));
            // The new base lets them save their version on top of the other one deliberately.
            let latest = working.latest.unwrap_or_default();
            let current =
                state.store.course_by_slug(&slug).await?.and_then(|c| c.latest_revision_id).unwrap_or(latest);
            Ok(ctx.render_with_status(StatusCode::CONFLICT, &page(form, None, notice, current)))
        }
        Err(SaveError::Other(err)) => Err(err),
    }
}

/// The video id in what an author typed into the `youtube` or `vimeo` field: the id
/// itself, or the whole address copied from the browser (`youtube.com/watch?v=…`,
/// `youtu.be/…`, `/embed/…`, `/shorts/…`, `vimeo.com/…`, `player.vimeo.com/video/…`).
/// `Some("")` for nothing typed; `None` if it holds no id of that site.
pub(crate) fn video_id(site: &str, typed: &str) -> Option<String> {
    let is_id = |id: &str| {
        !id.is_empty()
            && id.len() <= 40
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if typed.is_empty() || is_id(typed) {
        return Some(typed.to_owned());
    }
    let with_scheme = if typed.contains("://") { typed.to_owned() } else { format!("https://{typed}") };
    let address = url::Url::parse(&with_scheme).ok()?;
    let host = address.host_str()?.trim_start_matches("www.").trim_start_matches("m.");
    let mut path = address.path_segments()?.filter(|part| !part.is_empty());
    let id = match (site, host) {
        ("youtube", "youtube.com" | "youtube-nocookie.com") => match path.next()? {
            "watch" => address.query_pairs().find(|(key, _)| key == "v").map(|(_, id)| id.into_owned()),
            "embed" | "shorts" | "live" | "v" => path.next().map(str::to_owned),
            _ => None,
        },
        ("youtube", "youtu.be") => path.next().map(str::to_owned),
        ("vimeo", "vimeo.com") => {
            path.find(|part| part.chars().all(|c| c.is_ascii_digit())).map(str::to_owned)
        }
        ("vimeo", "player.vimeo.com") => match path.next()? {
            "video" => path.next().map(str::to_owned),
            _ => None,
        },
        _ => None,
    }?;
    is_id(&id).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::video_id;

    #[test]
    fn a_video_address_copied_from_the_browser_gives_its_id() {
        let youtube = [
            "dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42",
            "youtube.com/watch?v=dQw4w9WgXcQ",
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?si=abc",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        ];
        for typed in youtube {
            assert_eq!(video_id("youtube", typed).as_deref(), Some("dQw4w9WgXcQ"), "{typed}");
        }
        for typed in [
            "76979871",
            "https://vimeo.com/76979871",
            "https://player.vimeo.com/video/76979871?h=x",
            "vimeo.com/channels/staffpicks/76979871",
        ] {
            assert_eq!(video_id("vimeo", typed).as_deref(), Some("76979871"), "{typed}");
        }
        assert_eq!(video_id("youtube", "").as_deref(), Some(""));
        for (site, typed) in [
            ("youtube", "https://vimeo.com/76979871"),
            ("youtube", "https://evil.example/watch?v=dQw4w9WgXcQ"),
            ("youtube", "https://www.youtube.com/watch?v=<script>"),
            ("vimeo", "https://vimeo.com/about"),
            ("youtube", "not an id"),
        ] {
            assert_eq!(video_id(site, typed), None, "{site}: {typed}");
        }
    }
}
