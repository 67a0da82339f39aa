//! The lesson page (with its quiz, marked in [`super::attempts`], and its reflection;
//! completion is in [`super::completion`]), and the two fast ways it is sent: visitors' pages from the
//! visitor page cache (see [`crate::content::page_cache`]), and members' pages stitched
//! from a shared skeleton and their own parts (see [`crate::web::stitch`]). A visitor's
//! own progress lives in a cookie on their device ([`super::device`]): it is shown only
//! in answers to their own `POST`s, never in the page every visitor shares.

use std::sync::Arc;

use altto_store::{DocumentRef, User};
use askama::Template;
use axum::{
    Extension, Form,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};

use super::{
    content::{LessonContent, ModuleContent, Video},
    device::DeviceProgress,
    files,
    library::{LessonHtml, Published},
    pages::{certificate_of, course_meta, moved, published},
    progress::{LessonState, course_state},
    quiz::{Answer, Outcome},
    views::{QuestionView, question_views},
};
use crate::{
    auth::RequestAuth,
    content::{
        page_cache::Cacheable,
        reading::{Links, Reading, Switch, Text, asks_for_original, lang_attr},
    },
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    web::forms::{Pairs, field},
    web::{
        Ctx,
        compress::accepts_gzip,
        stitch::{Hole, Skeleton},
    },
};

/// A download of a lesson, as learners see it.
pub struct Download {
    /// Its title in the reader's language (or the course's, with its `lang`).
    title: Text,
    /// Its path in the course (its address is [`LessonPage::media_url`]'s).
    file: String,
    /// Its kind and size, e.g. `PDF, 240 KB`.
    about: String,
}

/// A neighbouring lesson.
pub struct Neighbour {
    slug: String,
    title: Text,
}

/// What a lesson page shows that is the learner's own: a member's, a visitor's from
/// their device (only in answers to their own `POST`s), or nothing (the page every
/// visitor shares).
#[derive(Default)]
pub struct Mine {
    /// A preview of the working copy: as a member sees it, with every button off.
    preview: bool,
    signed_in: bool,
    on_device: bool,
    state: LessonState,
    best_score: Option<i64>,
    percent: Option<usize>,
    note: String,
    certificate: Option<String>,
}

impl Mine {
    /// What the visitor's `device` holds of `lesson` and its course.
    pub(super) fn on_device(course: &Published, lesson: &LessonContent, device: &DeviceProgress) -> Self {
        let learner = course_state(&course.content, &device.rows_for(course.course_id, &course.content));
        Mine {
            on_device: true,
            state: learner.of(lesson.id),
            best_score: device.lesson(lesson.id).and_then(|l| l.best_score).map(i64::from),
            percent: Some(learner.percent()),
            ..Mine::default()
        }
    }
}

/// A message at the top of a lesson page about the learner's progress: what a
/// completion did, or what it still needs.
pub struct ProgressNotice {
    /// Whether it reports a refusal (`role="alert"`) rather than a result (`role="status"`).
    alert: bool,
    text: String,
    links: Vec<(String, String)>,
}

impl ProgressNotice {
    /// A result (read out politely by screen readers).
    pub(super) fn status(text: String) -> Self {
        Self { alert: false, text, links: Vec::new() }
    }

    /// A refusal: what is still needed (read out at once).
    pub(super) fn alert(text: String) -> Self {
        Self { alert: true, text, links: Vec::new() }
    }

    /// The notice with a link to `href` labelled `label` after its text.
    pub(super) fn link(mut self, href: &str, label: String) -> Self {
        self.links.push((href.to_owned(), label));
        self
    }
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
    course_title: Text,
    module_title: Text,
    title: Text,
    summary: Text,
    position: usize,
    total: usize,
    minutes: u32,
    html: String,
    /// The body's language, if it is not the page's.
    html_lang: Option<Lang>,
    /// The language of texts that have no Japanese version (transcript, downloads,
    /// quiz), if it is not the page's.
    original_lang: Option<Lang>,
    /// The link to the original, or back to the Japanese version.
    switch: Option<Switch>,
    /// Says the body is a Japanese version of a text in another language.
    japanese_note: Option<String>,
    links: Links,
    /// Whether the page shows the original texts at the reader's request.
    original: bool,
    reflection: Option<Text>,
    video: Option<Video>,
    transcript: Option<String>,
    /// The transcript file's kind and size, when it is offered as a download (a PDF).
    transcript_download: Option<String>,
    downloads: Vec<Download>,
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
    notice: Option<ProgressNotice>,
}

impl LessonPage {
    /// The page with `notice` at its top.
    pub(super) fn with_notice(self, notice: ProgressNotice) -> Self {
        Self { notice: Some(notice), ..self }
    }

    /// The address of a file of the lesson, naming the published version.
    fn media_url(&self, path: &str) -> String {
        self.media_urls
            .iter()
            .find(|(p, _)| p == path)
            .map_or_else(|| files::public_url(&self.course_slug, path, None), |(_, url)| url.clone())
    }

    /// Whether the captions track in `lang` is the one shown by default: the reader's
    /// language if the video has it, else the first.
    fn default_track(&self, lang: &str) -> bool {
        let Some(video) = &self.video else { return false };
        let langs: Vec<&str> = video.tracks().map(|(l, _)| l).collect();
        let first = langs.first().copied().unwrap_or_default();
        let preferred = if langs.contains(&self.ctx.lang.code()) { self.ctx.lang.code() } else { first };
        lang == preferred
    }

    /// A captions track's label: its language's name in itself.
    fn track_label(&self, lang: &str) -> &'static str {
        crate::i18n::Lang::from_code(lang).map_or("", crate::i18n::Lang::native_name)
    }

    fn lesson_slug(&self) -> &str {
        &self.lesson_slug
    }

    /// The address of the lesson at `slug` (keeping the choice of the original texts).
    fn lesson_href(&self, slug: &str) -> String {
        self.links.lesson(slug, self.original)
    }

    /// `?text=original` for the page's forms, so that their answers show the same texts.
    fn form_query(&self) -> &'static str {
        if self.original { "?text=original" } else { "" }
    }

    /// ` lang="…"` for the body.
    fn html_lang_attr(&self) -> &'static str {
        lang_attr(self.html_lang)
    }

    /// ` lang="…"` for texts that are shown only in the course's language.
    fn original_lang_attr(&self) -> &'static str {
        lang_attr(self.original_lang)
    }

    /// Whether this is a preview of the working copy.
    fn is_preview(&self) -> bool {
        self.mine.preview
    }

    /// The address the switch between the Japanese version and the original leads to.
    fn switch_href(&self, switch: &Switch) -> String {
        self.links.lesson(&self.lesson_slug, switch.to_original)
    }

    /// A preview's languages: each one's label, and the address of this lesson's
    /// preview in it (none for the language shown).
    fn preview_languages(&self) -> Vec<(String, Option<String>)> {
        Lang::ALL
            .into_iter()
            .map(|lang| {
                let href = Links::preview(&self.course_slug, lang).lesson(&self.lesson_slug, false);
                (self.ctx.t(&format!("preview-in-{}", lang.code())), (lang != self.ctx.lang).then_some(href))
            })
            .collect()
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
pub(super) async fn mine(
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
        preview: false,
        signed_in: true,
        on_device: false,
        state: learner.of(lesson.id),
        best_score: row.and_then(|r| r.best_score),
        percent: Some(learner.percent()),
        note: state.store.reflection(user.id, lesson.id).await?.unwrap_or_default(),
        certificate,
    })
}

/// The lesson page for `lesson` of `course`, with the quiz as answered and marked.
// The lesson, its HTML and the quiz's state are what every caller has at hand; a struct
// to carry them would only be built to be taken apart here.
#[allow(clippy::too_many_arguments)]
pub(super) fn page_of(
    ctx: &Ctx,
    course: &Published,
    lesson: &LessonContent,
    body: &LessonHtml,
    answers: &[Option<Answer>],
    outcome: Option<Outcome>,
    quiz_notice: Option<String>,
    mine: Mine,
) -> LessonPage {
    let content = &course.content;
    let original = asks_for_original(ctx);
    let reading = match original {
        true => Reading::new(ctx.lang, content.language).original(),
        false => Reading::new(ctx.lang, content.language),
    };
    let lessons: Vec<(&ModuleContent, &LessonContent)> = content.lessons().collect();
    let position = lessons.iter().position(|(_, l)| l.id == lesson.id).unwrap_or(0);
    let neighbour = |index: Option<usize>| {
        index
            .and_then(|i| lessons.get(i))
            .map(|(_, l)| Neighbour { slug: l.slug.clone(), title: reading.text(&l.title, &l.title_ja) })
    };
    let japanese = reading.shows_japanese(&lesson.body_ja);
    let (html, html_lang) = match body.html_ja.as_ref().filter(|_| japanese) {
        Some(html) => (html.clone(), reading.other(Lang::Ja)),
        None => (body.html.clone(), reading.original_lang()),
    };
    let written = ctx.t(&format!("content-language-{}", content.language.code()));
    // The way between the two versions, for a Japanese reader of a lesson that has both.
    let switch = match (Reading::new(ctx.lang, content.language).shows_japanese(&lesson.body_ja), original) {
        (false, _) => None,
        (true, false) => Some(Switch {
            to_original: true,
            hreflang: Some(content.language.code()),
            text: ctx.t1("lesson-read-original", "language", &written),
        }),
        (true, true) => {
            Some(Switch { to_original: false, hreflang: None, text: ctx.t("lesson-read-japanese") })
        }
    };
    let video_files = lesson.video.iter().flat_map(Video::files);
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
        course_title: reading.text(&content.title, &content.title_ja),
        module_title: lessons
            .get(position)
            .map(|(m, _)| reading.text(&m.title, &m.title_ja))
            .unwrap_or_default(),
        title: reading.text(&lesson.title, &lesson.title_ja),
        summary: reading.text(&lesson.summary, &lesson.summary_ja),
        position: position + 1,
        total: lessons.len(),
        minutes: lesson.minutes,
        html,
        html_lang,
        original_lang: reading.original_lang(),
        japanese_note: japanese.then(|| ctx.t1("lesson-japanese-version-note", "language", &written)),
        switch,
        links: Links::public(&content.slug),
        original,
        reflection: lesson.reflection.as_ref().map(|prompt| reading.text(prompt, &lesson.reflection_ja)),
        video: lesson.video.clone(),
        transcript: course.transcripts.get(&lesson.id).cloned(),
        transcript_download: lesson
            .video
            .as_ref()
            .and_then(|video| video.transcript.as_ref())
            .filter(|_| !course.transcripts.contains_key(&lesson.id))
            .map(|path| describe_file(content, path, ctx.lang)),
        downloads: lesson
            .resources
            .iter()
            .map(|r| Download {
                title: reading.text(&r.title, &r.title_ja),
                file: r.file.clone(),
                about: describe_file(content, &r.file, ctx.lang),
            })
            .collect(),
        revision_id: course.revision_id,
        questions: question_views(reading, lesson, answers, outcome.as_ref()),
        pass_mark: lesson.quiz.as_ref().map_or(0, |q| q.pass_mark),
        outcome,
        quiz_notice,
        prev: neighbour(position.checked_sub(1)),
        next: neighbour(Some(position + 1)),
        licence: content.licence.name(),
        licence_url: content.licence.url(),
        authors: content.authors.join(", "),
        mine,
        notice: None,
    }
}

/// A file's kind and size as the reader reads them (just its kind if the revision does
/// not list its size).
fn describe_file(content: &super::content::CourseContent, path: &str, lang: crate::i18n::Lang) -> String {
    match content.files.as_ref().and_then(|files| files.get(path)) {
        Some(file) => super::media::describe(path, file.size, lang),
        None => lang.t(&format!("media-kind-{}", super::media::extension(path))),
    }
}

/// The page of `lesson` of a course's working copy `course` as learners will see it,
/// for its authors and editors: its links lead to the other lessons' previews in the
/// same language, its files come from the working copy, and nothing on it records
/// anything (every button is off).
pub fn preview_page(ctx: &Ctx, course: &Published, lesson: &LessonContent, body: &LessonHtml) -> LessonPage {
    let mine = Mine { preview: true, signed_in: true, ..Mine::default() };
    let mut page = page_of(ctx, course, lesson, body, &[], None, None, mine);
    let slug = &course.content.slug;
    page.links = Links::preview(slug, ctx.lang);
    for (path, url) in &mut page.media_urls {
        *url = format!("/author/courses/{slug}/{path}");
    }
    page
}

/// `GET /courses/{slug}/lessons/{lesson}`.
pub async fn show_lesson(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, lesson_slug)): Path<(String, String)>,
) -> AppResult<Response> {
    // An address no live lesson has may be an old one: it redirects to where it is now.
    let live = state.courses.published(&state.store, &slug).await?;
    let Some(course) = live.filter(|course| course.content.lesson(&lesson_slug).is_some()) else {
        return moved(&state, &slug, Some(&lesson_slug)).await;
    };
    let lesson = course.content.lesson(&lesson_slug).ok_or(AppError::NotFound)?;
    let body = state.courses.lesson_html(&state.store, &course, lesson).await?;
    let user = auth.actor.user();
    let plain = !ctx.path_and_query.contains('?');
    // The page's metadata depends only on the published revision; a member's stitched
    // page takes it from the kept skeleton.
    let key = (course.revision_id, lesson.id, ctx.lang);
    let shown =
        match user.is_some() && plain && accepts_gzip(&headers) && state.courses.skeleton(key).is_some() {
            true => ctx.clone(),
            false => ctx.clone().with_meta(course_meta(&state, ctx.lang, &course, Some(lesson)).await?),
        };
    // Visitors all get the same page (no per-visitor token or cookie on it): the route
    // keeps it, once per published revision and language.
    if user.is_none() {
        let page = ctx.render(&page_of(&shown, &course, lesson, &body, &[], None, None, Mine::default()));
        return Ok(
            Cacheable { doc: DocumentRef::course(course.course_id), revision: course.revision_id }.mark(page)
        );
    }
    let mine = mine(&state, user, &course, lesson).await?;
    // A member's page: the shared skeleton with their own parts stitched in.
    if plain
        && accepts_gzip(&headers)
        && let Some(skeleton) = skeleton(&state, &shown, &course, lesson, &body)
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
    Ok(ctx.render(&page_of(&shown, &course, lesson, &body, &[], None, None, mine)))
}

/// The shared skeleton of members' pages of `lesson` in `ctx`'s language, from the
/// cache or rendered now. `None` if the page cannot be stitched.
fn skeleton(
    state: &AppState,
    ctx: &Ctx,
    course: &Published,
    lesson: &LessonContent,
    body: &LessonHtml,
) -> Option<Arc<Skeleton>> {
    let key = (course.revision_id, lesson.id, ctx.lang);
    if let Some(skeleton) = state.courses.skeleton(key) {
        return Some(skeleton);
    }
    let (shared, recorder) = ctx.skeleton();
    let member = Mine { signed_in: true, ..Mine::default() };
    let html = page_of(&shared, course, lesson, body, &[], None, None, member).render().ok()?;
    let skeleton = Skeleton::new(&html, recorder.holes())?;
    Some(state.courses.keep_skeleton(course.course_id, key, skeleton))
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
