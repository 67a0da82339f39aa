//! The course list, new courses, course details and the outline (modules and lessons,
//! added and reordered with plain buttons, no JavaScript needed).

use altto_store::{DocumentKind, DocumentRef, DocumentRow, ReviewNote, StoreError};
use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    SaveError, Working,
    done::{Done, Message},
    load, load_for_edit, save,
};
use crate::{
    auth::RequestAuth,
    content::workflow::{self, Decision},
    courses::{
        content::{CourseContent, LessonContent, Level, Licence, ModuleContent},
        package::is_slug,
        topics::Topics,
    },
    error::{AppError, AppResult},
    i18n::Lang,
    policy,
    state::AppState,
    web::forms::{Pairs, field},
    web::{
        Ctx,
        format::day_of,
        forms::{FormState, clean_text},
    },
};

/// The base revision a form was made from.
pub fn base_of(pairs: &Pairs) -> Option<i64> {
    field(pairs, "base").parse().ok()
}

/// The author's course list.
#[derive(Template)]
#[template(path = "authoring/courses.html")]
pub struct CoursesPage {
    ctx: Ctx,
    courses: Vec<DocumentRow>,
    /// How many notices the author has not seen.
    unread: i64,
    /// What was just done (a course deleted).
    notice: Option<String>,
    /// Whether to link to the newsletter's issues (editors and admins).
    may_send_newsletter: bool,
}

impl CoursesPage {
    fn status(&self, course: &DocumentRow) -> String {
        self.ctx.t(workflow::status_key(course.workflow()))
    }
}

/// `GET /author`: the courses this author writes (all, for editors).
pub async fn list_courses(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Query(query): Query<DoneQuery>,
) -> AppResult<Response> {
    let filter = if policy::can_review(&auth.actor) { None } else { auth.actor.user_id() };
    let courses = state.store.documents_for(DocumentKind::Course, filter).await?;
    let unread = match auth.actor.user_id() {
        Some(id) => state.store.unread_notifications(id).await?,
        None => 0,
    };
    let notice = (query.done == "deleted").then(|| ctx.t("author-done-course-deleted"));
    let may_send_newsletter = policy::allows(&auth.actor, policy::Action::SendNewsletter).is_ok();
    Ok(ctx.render(&CoursesPage { ctx: ctx.clone(), courses, unread, notice, may_send_newsletter }))
}

/// The new-course form.
#[derive(Template)]
#[template(path = "authoring/new_course.html")]
pub struct NewCoursePage {
    ctx: Ctx,
    form: FormState,
    topic_choices: Vec<TopicChoice>,
}

/// A topic the course form offers as a checkbox.
pub struct TopicChoice {
    slug: String,
    /// Its label in the author's language.
    label: String,
}

/// The topics the course form offers: the list, by label, then any topic the course
/// has that is no longer in the list (so it does not silently vanish).
fn topic_choices(topics: &Topics, on_course: &[String], ctx: &Ctx) -> Vec<TopicChoice> {
    let listed: Vec<String> = topics.all().iter().map(|t| t.slug.clone()).collect();
    let mut choices: Vec<TopicChoice> = topics
        .labelled(&listed, ctx.lang)
        .into_iter()
        .map(|(slug, label)| TopicChoice { slug, label })
        .collect();
    choices.extend(on_course.iter().filter(|slug| !topics.contains(slug)).map(|slug| TopicChoice {
        slug: slug.clone(),
        label: ctx.t1("course-topic-not-listed", "topic", slug),
    }));
    choices
}

/// `GET /author/courses/new`.
pub async fn new_course(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let mut form = FormState::new();
    form.keep("language", "en").keep("level", "foundation").keep("licence", "CC-BY-4.0").keep("hours", "1");
    let topic_choices = topic_choices(&Topics::load(&state.store).await?, &[], &ctx);
    Ok(ctx.render(&NewCoursePage { ctx: ctx.clone(), form, topic_choices }))
}

/// Reads and checks the course details fields into `content`; problems go to `form`.
/// Topics come from the `topics` list (or are ones the course has already).
fn read_details(pairs: &Pairs, content: &mut CourseContent, form: &mut FormState, topics: &Topics) {
    for name in
        ["title", "title_ja", "summary", "summary_ja", "language", "level", "hours", "licence", "authors"]
    {
        form.keep(name, field(pairs, name).trim());
    }
    let text =
        |name: &'static str, max: usize, form: &mut FormState| match clean_text(field(pairs, name), max) {
            Some(text) => text,
            None => {
                form.fail(name, "field-too-long");
                String::new()
            }
        };
    content.title = text("title", 120, form);
    if content.title.is_empty() {
        form.fail("title", "field-title-required");
    }
    let title_ja = text("title_ja", 120, form);
    content.title_ja = (!title_ja.is_empty()).then_some(title_ja);
    content.summary = text("summary", 600, form);
    if content.summary.is_empty() {
        form.fail("summary", "field-summary-required");
    }
    let summary_ja = text("summary_ja", 600, form);
    content.summary_ja = (!summary_ja.is_empty()).then_some(summary_ja);
    // A form without the field (an older page) keeps the course's language.
    match Lang::ALL.into_iter().find(|lang| lang.code() == field(pairs, "language")) {
        Some(lang) => content.language = lang,
        None if field(pairs, "language").is_empty() => {}
        None => {
            form.fail("language", "field-choose-from-list");
        }
    }
    match Level::ALL.iter().find(|level| level.as_str() == field(pairs, "level")) {
        Some(level) => content.level = *level,
        None => {
            form.fail("level", "field-choose-from-list");
        }
    }
    match field(pairs, "hours").trim().replace(',', ".").parse::<f64>() {
        Ok(hours) if hours > 0.0 && hours <= 1000.0 => content.hours = (hours * 10.0).round() / 10.0,
        _ => {
            form.fail("hours", "field-hours-invalid");
        }
    }
    match serde_json::from_value::<Licence>(serde_json::Value::String(field(pairs, "licence").to_owned())) {
        Ok(licence) => content.licence = licence,
        Err(_) => {
            form.fail("licence", "field-choose-from-list");
        }
    }
    content.authors = field(pairs, "authors")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if content.authors.is_empty() {
        form.fail("authors", "field-authors-required");
    }
    let mut chosen: Vec<String> =
        pairs.iter().filter(|(k, _)| k == "topics").map(|(_, v)| v.trim().to_owned()).collect();
    chosen.retain(|t| !t.is_empty());
    chosen.dedup();
    form.keep("topics", chosen.join(","));
    if chosen.iter().any(|t| !topics.contains(t) && !content.topics.contains(t)) {
        form.fail("topics", "topic-unknown");
    } else {
        content.topics = chosen;
    }
}

/// `POST /author/courses`: creates a draft course with one module and one lesson to
/// start from; its creator becomes its author.
pub async fn create_course(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let user = auth.actor.user().ok_or(AppError::Forbidden)?;
    let mut form = FormState::new();
    let slug = field(&pairs, "slug").trim().to_lowercase();
    form.keep("slug", &slug);
    if !is_slug(&slug) {
        form.fail("slug", "field-slug-invalid");
    }
    let mut content = CourseContent {
        slug: slug.clone(),
        title: String::new(),
        title_ja: None,
        summary: String::new(),
        summary_ja: None,
        language: Lang::En,
        level: Level::Foundation,
        hours: 1.0,
        licence: Licence::CcBy,
        authors: Vec::new(),
        topics: Vec::new(),
        modules: vec![ModuleContent {
            key: "01-first-module".into(),
            title: ctx.t("author-first-module"),
            title_ja: None,
            lessons: vec![new_lesson("01", "first-lesson", &ctx.t("author-first-lesson"), &ctx)],
        }],
        files: Some(Default::default()),
    };
    let topics = Topics::load(&state.store).await?;
    read_details(&pairs, &mut content, &mut form, &topics);
    if !form.has_errors() && state.store.course_by_slug(&slug).await?.is_some() {
        form.fail("slug", "field-slug-taken");
    }
    let topic_choices = topic_choices(&topics, &[], &ctx);
    if form.has_errors() {
        return Ok(ctx.render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &NewCoursePage { ctx: ctx.clone(), form, topic_choices },
        ));
    }
    let course_id = match state.store.create_course(&slug).await {
        Ok(id) => id,
        Err(StoreError::Conflict(_)) => {
            form.fail("slug", "field-slug-taken");
            return Ok(ctx.render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &NewCoursePage { ctx: ctx.clone(), form, topic_choices },
            ));
        }
        Err(err) => return Err(err.into()),
    };
    state.store.add_author(DocumentRef::course(course_id), user.id).await?;
    let working = Working {
        course: state.store.course(course_id).await?,
        authors: vec![user.id],
        latest: None,
        content: content.clone(),
    };
    match save(&state, &auth, &working, None, content, &ctx.t("author-note-created")).await {
        Ok(_) => Ok(Done::Created.redirect(&slug)),
        Err(SaveError::Stale) => Err(AppError::Store(StoreError::Conflict("created twice".into()))),
        Err(SaveError::Other(err)) => Err(err),
    }
}

/// A new lesson with a short body to replace.
pub fn new_lesson(order: &str, slug: &str, title: &str, ctx: &Ctx) -> LessonContent {
    LessonContent {
        id: 0,
        slug: slug.to_owned(),
        order: order.to_owned(),
        title: title.to_owned(),
        title_ja: None,
        summary: ctx.t("author-new-lesson-summary"),
        summary_ja: None,
        minutes: 15,
        reflection: None,
        reflection_ja: None,
        body: ctx.t("author-new-lesson-body"),
        body_ja: None,
        video: None,
        resources: Vec::new(),
        quiz: None,
        glossary_links: true,
    }
}

/// The course page for authors and editors.
#[derive(Template)]
#[template(path = "authoring/course.html")]
pub struct CourseEditPage {
    ctx: Ctx,
    slug: String,
    status: String,
    base: i64,
    form: FormState,
    content: CourseContent,
    can_edit: bool,
    /// The workflow decisions the viewer can make now, besides saving.
    decisions: Vec<Decision>,
    published: bool,
    notes: Vec<ReviewNote>,
    notice: Option<Message>,
    topic_choices: Vec<TopicChoice>,
}

impl CourseEditPage {
    fn can(&self, decision: &str) -> bool {
        Decision::parse(decision).is_some_and(|decision| self.decisions.contains(&decision))
    }

    fn can_discuss(&self) -> bool {
        self.decisions.iter().any(|d| *d != Decision::Submit)
    }

    fn note_kind(&self, note: &ReviewNote) -> String {
        self.ctx.t(&format!("review-kind-{}", note.event))
    }

    fn note_date(&self, note: &ReviewNote) -> String {
        day_of(note.created_at)
    }
}

/// The details form filled from `content`.
fn details_form(content: &CourseContent) -> FormState {
    let mut form = FormState::new();
    form.keep("title", &content.title)
        .keep("title_ja", content.title_ja.clone().unwrap_or_default())
        .keep("summary", &content.summary)
        .keep("summary_ja", content.summary_ja.clone().unwrap_or_default())
        .keep("language", content.language.code())
        .keep("level", content.level.as_str())
        .keep("hours", crate::web::format::hours(content.hours))
        .keep("licence", content.licence.spdx())
        .keep("authors", content.authors.join(", "))
        .keep("topics", content.topics.join(","));
    form
}

/// Renders the course page.
pub async fn course_page(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    working: Working,
    form: Option<FormState>,
    notice: Option<Message>,
    status: StatusCode,
) -> AppResult<Response> {
    let notes = state.store.review_notes(working.doc()).await?;
    let topic_choices = topic_choices(&Topics::load(&state.store).await?, &working.content.topics, ctx);
    let page = CourseEditPage {
        topic_choices,
        ctx: ctx.clone(),
        slug: working.course.slug.clone(),
        status: ctx.t(workflow::status_key(working.course.workflow())),
        base: working.latest.unwrap_or_default(),
        form: form.unwrap_or_else(|| details_form(&working.content)),
        can_edit: working.may(auth, Decision::Save),
        decisions: Decision::ALL
            .into_iter()
            .filter(|d| *d != Decision::Save && working.may(auth, *d))
            .collect(),
        published: working.course.is_public(),
        content: working.content,
        notes,
        notice,
    };
    Ok(ctx.render_with_status(status, &page))
}

/// `GET /author/courses/{slug}?done=…`: the course page, confirming what was just done.
pub async fn show_course(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(query): Query<DoneQuery>,
) -> AppResult<Response> {
    // The old address of a course renamed since: on to where it is now.
    if state.store.course_by_slug(&slug).await?.is_none()
        && let Some(id) = state.store.course_at_address(&slug).await?
    {
        let now = state.store.course(id).await?.slug;
        load(&state, &auth, &now).await?;
        return Ok(Redirect::temporary(&format!("/author/courses/{now}")).into_response());
    }
    let working = load(&state, &auth, &slug).await?;
    let done = Done::parse(&query.done).map(|done| Message::Done(ctx.t(done.message_key())));
    course_page(&state, &auth, &ctx, working, None, done, StatusCode::OK).await
}

/// Query of the course page.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// A change to save: the revision it was made on, the new content, a note, and what
/// the page that follows confirms.
struct Change {
    base: Option<i64>,
    content: CourseContent,
    note: String,
    done: Done,
}

/// Saves `content` and goes back to the course page, or shows the page again with the
/// stale-save message (keeping what was typed in `form`).
async fn save_and_return(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    working: Working,
    change: Change,
    form: Option<FormState>,
) -> AppResult<Response> {
    match save(state, auth, &working, change.base, change.content, &change.note).await {
        Ok(_) => Ok(change.done.redirect(&working.course.slug)),
        Err(SaveError::Stale) => {
            let fresh = load(state, auth, &working.course.slug).await?;
            let stale = Message::Problem(ctx.t("author-stale"));
            course_page(state, auth, ctx, fresh, form, Some(stale), StatusCode::CONFLICT).await
        }
        Err(SaveError::Other(err)) => Err(err),
    }
}

/// `POST /author/courses/{slug}`: saves the course details.
pub async fn update_course(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let mut content = working.content.clone();
    let mut form = FormState::new();
    read_details(&pairs, &mut content, &mut form, &Topics::load(&state.store).await?);
    if form.has_errors() {
        return course_page(&state, &auth, &ctx, working, Some(form), None, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    }
    let note = ctx.t("author-note-details");
    save_and_return(
        &state,
        &auth,
        &ctx,
        working,
        Change { base: base_of(&pairs), content, note, done: Done::Details },
        Some(form),
    )
    .await
}

/// `NN` for position `index` (0-based).
fn order(index: usize) -> String {
    format!("{:02}", index + 1)
}

/// Renumbers module keys and lesson orders after a change of order.
pub(super) fn renumber(content: &mut CourseContent) {
    for (m, module) in content.modules.iter_mut().enumerate() {
        let name = module.key.split_once('-').map_or(module.key.as_str(), |(_, name)| name).to_owned();
        module.key = format!("{}-{name}", order(m));
        for (l, lesson) in module.lessons.iter_mut().enumerate() {
            lesson.order = order(l);
        }
    }
}

/// `POST /author/courses/{slug}/modules`: adds a module with one lesson.
pub async fn add_module(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let title = clean_text(field(&pairs, "title"), 120).unwrap_or_default();
    let name = field(&pairs, "name").trim().to_lowercase();
    let lesson_slug = field(&pairs, "lesson").trim().to_lowercase();
    let taken = working.content.lesson(&lesson_slug).is_some();
    if title.is_empty() || !is_slug(&name) || !is_slug(&lesson_slug) || taken {
        let notice = ctx.t(if taken { "field-lesson-slug-taken" } else { "author-module-invalid" });
        return course_page(
            &state,
            &auth,
            &ctx,
            working,
            None,
            Some(Message::Problem(notice)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let mut content = working.content.clone();
    content.modules.push(ModuleContent {
        key: format!("99-{name}"),
        title,
        title_ja: None,
        lessons: vec![new_lesson("01", &lesson_slug, &ctx.t("author-first-lesson"), &ctx)],
    });
    renumber(&mut content);
    let note = ctx.t("author-note-module");
    save_and_return(
        &state,
        &auth,
        &ctx,
        working,
        Change { base: base_of(&pairs), content, note, done: Done::Module },
        None,
    )
    .await
}

/// `POST /author/courses/{slug}/lessons`: adds a lesson at the end of a module.
pub async fn add_lesson(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let title = clean_text(field(&pairs, "title"), 120).unwrap_or_default();
    let lesson_slug = field(&pairs, "lesson").trim().to_lowercase();
    let module_key = field(&pairs, "module");
    let taken = working.content.lesson(&lesson_slug).is_some();
    let module_exists = working.content.modules.iter().any(|m| m.key == module_key);
    if title.is_empty() || !is_slug(&lesson_slug) || taken || !module_exists {
        let notice = ctx.t(if taken { "field-lesson-slug-taken" } else { "author-lesson-invalid" });
        return course_page(
            &state,
            &auth,
            &ctx,
            working,
            None,
            Some(Message::Problem(notice)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let mut content = working.content.clone();
    if let Some(module) = content.modules.iter_mut().find(|m| m.key == module_key) {
        module.lessons.push(new_lesson("99", &lesson_slug, &title, &ctx));
    }
    renumber(&mut content);
    let note = ctx.t1("author-note-lesson", "title", &title);
    save_and_return(
        &state,
        &auth,
        &ctx,
        working,
        Change { base: base_of(&pairs), content, note, done: Done::Lesson },
        None,
    )
    .await
}

/// Moves the module or lesson named in the form one place up or down (lessons move
/// across module boundaries at the ends of a module).
pub fn move_in(content: &mut CourseContent, kind: &str, key: &str, up: bool) -> bool {
    if kind == "module" {
        let Some(i) = content.modules.iter().position(|m| m.key == key) else { return false };
        let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < content.modules.len()) };
        let Some(j) = j else { return false };
        content.modules.swap(i, j);
    } else {
        let Some((m, l)) = content.modules.iter().enumerate().find_map(|(m, module)| {
            module.lessons.iter().position(|lesson| lesson.slug == key).map(|l| (m, l))
        }) else {
            return false;
        };
        let count = content.modules[m].lessons.len();
        match (up, l) {
            (true, 0) if m > 0 && count > 1 => {
                let lesson = content.modules[m].lessons.remove(0);
                content.modules[m - 1].lessons.push(lesson);
            }
            (true, 0) => return false,
            (true, l) => content.modules[m].lessons.swap(l, l - 1),
            (false, l) if l + 1 == count && m + 1 < content.modules.len() && count > 1 => {
                let lesson = content.modules[m].lessons.remove(l);
                content.modules[m + 1].lessons.insert(0, lesson);
            }
            (false, l) if l + 1 == count => return false,
            (false, l) => content.modules[m].lessons.swap(l, l + 1),
        }
    }
    renumber(content);
    true
}

/// `POST /author/courses/{slug}/move`: reorders with up/down buttons. Learners'
/// progress is kept by lesson id, so reordering never loses it.
pub async fn move_item(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let mut content = working.content.clone();
    if !move_in(&mut content, field(&pairs, "kind"), field(&pairs, "key"), field(&pairs, "direction") == "up")
    {
        return Ok(Redirect::to(&format!("/author/courses/{slug}")).into_response());
    }
    let note = ctx.t("author-note-reordered");
    save_and_return(
        &state,
        &auth,
        &ctx,
        working,
        Change { base: base_of(&pairs), content, note, done: Done::Reordered },
        None,
    )
    .await
}
