//! Renaming, moving and deleting a course, a module, a lesson or a file: a page per
//! item with its forms (no JavaScript needed), and a confirmation page before anything
//! is deleted that says what will happen. Each change is an edit like any other: a new
//! revision of the working copy, which learners see once an editor publishes it.
//!
//! A lesson keeps its id through a rename or a move, so its learners' progress, notes,
//! quiz attempts and the certificates of its course are kept; its old address redirects
//! to the new one once the rename is published (see `courses::pages::moved`). A
//! deleted lesson's progress rows stay, and certificates are never taken back.

use askama::Template;
use axum::{
    Extension, Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
};

use super::{
    SaveError, Working,
    done::{Done, Message},
    files::stored_name,
    load_for_edit,
    outline::{base_of, course_page, renumber},
    save,
};
use crate::{
    auth::RequestAuth,
    courses::{content::CourseContent, files::public_url, package::is_slug},
    error::{AppError, AppResult},
    state::AppState,
    web::{
        Ctx,
        forms::{FormState, Pairs, clean_text, field},
    },
};

/// What a page or form is about: the course, or one of its modules (by key), lessons
/// (by address) or files (by path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// The course itself.
    Course,
    /// A module.
    Module(String),
    /// A lesson.
    Lesson(String),
    /// A file.
    File(String),
}

impl Item {
    /// The item named by `what` and `key` in a form or address.
    pub fn parse(what: &str, key: &str) -> Option<Item> {
        match what {
            "course" => Some(Item::Course),
            "module" => Some(Item::Module(key.to_owned())),
            "lesson" => Some(Item::Lesson(key.to_owned())),
            "file" => Some(Item::File(key.to_owned())),
            _ => None,
        }
    }

    /// Its kind as a word.
    pub fn what(&self) -> &'static str {
        match self {
            Item::Course => "course",
            Item::Module(_) => "module",
            Item::Lesson(_) => "lesson",
            Item::File(_) => "file",
        }
    }

    /// Its key.
    pub fn key(&self) -> &str {
        match self {
            Item::Course => "",
            Item::Module(key) | Item::Lesson(key) | Item::File(key) => key,
        }
    }

    /// Its name as people read it, if `content` has it.
    pub fn name(&self, content: &CourseContent) -> Option<String> {
        match self {
            Item::Course => Some(content.title.clone()),
            Item::Module(key) => content.modules.iter().find(|m| &m.key == key).map(|m| m.title.clone()),
            Item::Lesson(slug) => content.lesson(slug).map(|l| l.title.clone()),
            Item::File(path) => content.files.as_ref()?.contains_key(path).then(|| path.clone()),
        }
    }
}

/// The item named in a query.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ItemQuery {
    /// `course`, `module`, `lesson` or `file`.
    pub what: String,
    /// The module key, lesson address or file path.
    pub key: String,
}

/// The page to rename or move an item.
#[derive(Template)]
#[template(path = "authoring/manage.html")]
pub struct ManagePage {
    ctx: Ctx,
    slug: String,
    base: i64,
    what: &'static str,
    key: String,
    name: String,
    form: FormState,
    problem: Option<String>,
    /// The modules a lesson can move to, as `(key, title)`.
    modules: Vec<(String, String)>,
    /// The module the lesson is in.
    module: String,
    /// How many places there are to move to, and the item's place now (from 1).
    places: usize,
    place: usize,
    /// Whether the public sees a revision of the course.
    published: bool,
    /// The address the course will have once published, if it changes.
    pending_slug: Option<String>,
}

impl ManagePage {
    fn place_hint(&self) -> String {
        self.ctx
            .lang
            .t_args("manage-move-place-hint", &[("place", self.place.into()), ("places", self.places.into())])
    }

    fn delete_href(&self) -> String {
        href(&self.slug, "delete", &Item::parse(self.what, &self.key).unwrap_or(Item::Course))
    }
}

/// The address of the `page` (`manage` or `delete`) of `item` in course `slug`.
pub fn href(slug: &str, page: &str, item: &Item) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("what", item.what())
        .append_pair("key", item.key())
        .finish();
    format!("/author/courses/{slug}/{page}?{query}")
}

/// The form filled from `item` as it is in `content`.
fn filled(item: &Item, content: &CourseContent) -> FormState {
    let mut form = FormState::new();
    match item {
        Item::Course => {
            form.keep("new_slug", &content.slug);
        }
        Item::Module(key) => {
            if let Some(module) = content.modules.iter().find(|m| &m.key == key) {
                form.keep("title", &module.title)
                    .keep("title_ja", module.title_ja.clone().unwrap_or_default());
            }
        }
        Item::Lesson(slug) => {
            if let Some(lesson) = content.lesson(slug) {
                form.keep("title", &lesson.title)
                    .keep("title_ja", lesson.title_ja.clone().unwrap_or_default())
                    .keep("new_slug", &lesson.slug);
            }
        }
        Item::File(path) => {
            form.keep("new_name", path.strip_prefix("media/").unwrap_or(path));
        }
    }
    form
}

/// Renders the rename-and-move page of `item`.
fn manage_page(
    ctx: &Ctx,
    working: &Working,
    item: &Item,
    form: Option<FormState>,
    problem: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let content = &working.content;
    let name = item.name(content).ok_or(AppError::NotFound)?;
    let (module, places, place) = match item {
        Item::Lesson(slug) => content
            .modules
            .iter()
            .find_map(|m| {
                let at = m.lessons.iter().position(|l| &l.slug == slug)?;
                Some((m.key.clone(), m.lessons.len(), at + 1))
            })
            .unwrap_or_default(),
        Item::Module(key) => (
            String::new(),
            content.modules.len(),
            content.modules.iter().position(|m| &m.key == key).unwrap_or(0) + 1,
        ),
        _ => (String::new(), 0, 0),
    };
    let page = ManagePage {
        ctx: ctx.clone(),
        slug: working.course.slug.clone(),
        base: working.latest.unwrap_or_default(),
        what: item.what(),
        key: item.key().to_owned(),
        name,
        form: form.unwrap_or_else(|| filled(item, content)),
        problem,
        modules: content.modules.iter().map(|m| (m.key.clone(), m.title.clone())).collect(),
        module,
        places,
        place,
        published: working.course.published_revision_id.is_some(),
        pending_slug: (content.slug != working.course.slug).then(|| content.slug.clone()),
    };
    Ok(ctx.render_with_status(status, &page))
}

/// `GET /author/courses/{slug}/manage?what=…&key=…`: rename or move an item.
pub async fn show_manage(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(query): Query<ItemQuery>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let item = Item::parse(&query.what, &query.key).ok_or(AppError::NotFound)?;
    manage_page(&ctx, &working, &item, None, None, StatusCode::OK)
}

/// Replaces every reference to the file `from` with `to` in `content`'s lessons (video,
/// captions, transcript, downloads and addresses in the text), so the lessons that use
/// a renamed file keep working. Returns the titles of the lessons changed.
pub fn repoint_file(content: &mut CourseContent, from: &str, to: &str) -> Vec<String> {
    let (old, new) = (public_url(&content.slug, from, None), public_url(&content.slug, to, None));
    let mut changed = Vec::new();
    for lesson in content.modules.iter_mut().flat_map(|m| m.lessons.iter_mut()) {
        let mut touched = false;
        let mut swap = |file: &mut String| {
            if file == from {
                *file = to.to_owned();
                touched = true;
            }
        };
        if let Some(video) = &mut lesson.video {
            for file in [&mut video.file, &mut video.captions, &mut video.transcript].into_iter().flatten() {
                swap(file);
            }
        }
        for resource in &mut lesson.resources {
            swap(&mut resource.file);
        }
        if lesson.body.contains(&old) {
            lesson.body = lesson.body.replace(&old, &new);
            touched = true;
        }
        if touched {
            changed.push(lesson.title.clone());
        }
    }
    changed
}

/// Applies the rename form to `content`; problems go to `form`. Returns the revision
/// note.
fn rename_in(
    ctx: &Ctx,
    content: &mut CourseContent,
    item: &Item,
    pairs: &Pairs,
    form: &mut FormState,
) -> String {
    let text = |name: &'static str, form: &mut FormState| {
        form.keep(name, field(pairs, name).trim());
        clean_text(field(pairs, name), 120).unwrap_or_else(|| {
            form.fail(name, "field-too-long");
            String::new()
        })
    };
    let address = |form: &mut FormState| {
        let slug = field(pairs, "new_slug").trim().to_lowercase();
        form.keep("new_slug", &slug);
        if !is_slug(&slug) {
            form.fail("new_slug", "field-slug-invalid");
        }
        slug
    };
    match item {
        Item::Course => {
            let slug = address(form);
            let old = content.slug.clone();
            if !form.has_errors() && slug != old {
                // The course's files are addressed under the course's address.
                let (from, to) = (format!("/media/{old}/"), format!("/media/{slug}/"));
                for lesson in content.modules.iter_mut().flat_map(|m| m.lessons.iter_mut()) {
                    lesson.body = lesson.body.replace(&from, &to);
                }
                content.slug = slug.clone();
            }
            ctx.lang
                .t_args("rename-note-course", &[("from", old.as_str().into()), ("to", slug.as_str().into())])
        }
        Item::Module(key) => {
            let title = text("title", form);
            let title_ja = text("title_ja", form);
            if title.is_empty() {
                form.fail("title", "field-title-required");
            }
            let Some(module) = content.modules.iter_mut().find(|m| &m.key == key) else {
                return String::new();
            };
            let note = ctx.lang.t_args(
                "rename-note-module",
                &[("from", module.title.as_str().into()), ("to", title.as_str().into())],
            );
            module.title = title;
            module.title_ja = (!title_ja.is_empty()).then_some(title_ja);
            note
        }
        Item::Lesson(old) => {
            let title = text("title", form);
            let title_ja = text("title_ja", form);
            if title.is_empty() {
                form.fail("title", "field-title-required");
            }
            let slug = address(form);
            if slug != *old && content.lesson(&slug).is_some() {
                form.fail("new_slug", "field-lesson-slug-taken");
            }
            let Some(lesson) =
                content.modules.iter_mut().flat_map(|m| m.lessons.iter_mut()).find(|l| &l.slug == old)
            else {
                return String::new();
            };
            let note = ctx.lang.t_args(
                "rename-note-lesson",
                &[
                    ("from", format!("{} ({})", lesson.title, lesson.slug).into()),
                    ("to", format!("{title} ({slug})").into()),
                ],
            );
            lesson.title = title;
            lesson.title_ja = (!title_ja.is_empty()).then_some(title_ja);
            lesson.slug = slug;
            note
        }
        Item::File(path) => {
            let typed = field(pairs, "new_name").trim();
            form.keep("new_name", typed);
            let ext = |name: &str| name.rsplit_once('.').map(|(_, ext)| ext.to_lowercase());
            let new_path = match stored_name(typed) {
                Ok(name) if ext(&name) == ext(path) => format!("media/{name}"),
                Ok(_) => {
                    form.fail("new_name", "rename-file-same-type");
                    return String::new();
                }
                Err(_) => {
                    form.fail("new_name", "rename-file-invalid");
                    return String::new();
                }
            };
            let files = content.files.get_or_insert_with(Default::default);
            if new_path != *path && files.contains_key(&new_path) {
                form.fail("new_name", "rename-file-taken");
                return String::new();
            }
            if let Some(file) = files.remove(path) {
                files.insert(new_path.clone(), file);
            }
            repoint_file(content, path, &new_path);
            ctx.lang.t_args(
                "rename-note-file",
                &[("from", path.as_str().into()), ("to", new_path.as_str().into())],
            )
        }
    }
}

/// `POST /author/courses/{slug}/rename`: renames an item in a new revision. A renamed
/// file's lessons are changed in the same revision, so nothing that uses it breaks.
pub async fn rename_item(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let item = Item::parse(field(&pairs, "what"), field(&pairs, "key")).ok_or(AppError::NotFound)?;
    item.name(&working.content).ok_or(AppError::NotFound)?;
    let mut content = working.content.clone();
    let mut form = FormState::new();
    let note = rename_in(&ctx, &mut content, &item, &pairs, &mut form);
    if item == Item::Course && !form.has_errors() {
        let other = state.store.course_by_slug(&content.slug).await?;
        let old = state.store.course_at_address(&content.slug).await?;
        if other.is_some_and(|c| c.id != working.course.id) || old.is_some_and(|id| id != working.course.id) {
            form.fail("new_slug", "field-slug-taken");
        }
    }
    if form.has_errors() {
        return manage_page(&ctx, &working, &item, Some(form), None, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let new_slug = content.slug.clone();
    match save(&state, &auth, &working, base_of(&pairs), content, &note).await {
        Ok(_) => {}
        Err(SaveError::Stale) => return stale(&state, &auth, &ctx, &slug, &item, Some(form)).await,
        Err(SaveError::Other(err)) => return Err(err),
    }
    // A course the public never saw has no old address to keep: its new one applies
    // at once. A published course's address changes when the rename is published.
    let mut at = working.course.slug.clone();
    if item == Item::Course && working.course.published_revision_id.is_none() && new_slug != at {
        match state.store.rename_course(working.course.id, &new_slug).await {
            Ok(()) => at = new_slug,
            Err(altto_store::StoreError::Conflict(_)) => {
                let fresh = load_for_edit(&state, &auth, &slug).await?;
                form.fail("new_slug", "field-slug-taken");
                return manage_page(&ctx, &fresh, &item, Some(form), None, StatusCode::CONFLICT);
            }
            Err(err) => return Err(err.into()),
        }
    }
    Ok(Done::Renamed.redirect(&at))
}

/// The page of `item` again after a stale save, with what was typed and the message
/// that someone else saved meanwhile (the new base lets them try again on top).
async fn stale(
    state: &AppState,
    auth: &RequestAuth,
    ctx: &Ctx,
    slug: &str,
    item: &Item,
    form: Option<FormState>,
) -> AppResult<Response> {
    let fresh = load_for_edit(state, auth, slug).await?;
    if item.name(&fresh.content).is_none() {
        let stale = Some(Message::Problem(ctx.t("author-stale")));
        return course_page(state, auth, ctx, fresh, None, stale, StatusCode::CONFLICT).await;
    }
    manage_page(ctx, &fresh, item, form, Some(ctx.t("author-stale")), StatusCode::CONFLICT)
}

/// Moves lesson `key` to module `to_module` at place `place` (from 1), or module `key`
/// to place `place`. False if there is no such item or place (nothing changes).
pub fn move_to(content: &mut CourseContent, item: &Item, to_module: &str, place: usize) -> bool {
    match item {
        Item::Module(key) => {
            let Some(from) = content.modules.iter().position(|m| &m.key == key) else { return false };
            if place == 0 || place > content.modules.len() {
                return false;
            }
            let module = content.modules.remove(from);
            content.modules.insert(place - 1, module);
        }
        Item::Lesson(slug) => {
            let Some((m, l)) = content.modules.iter().enumerate().find_map(|(m, module)| {
                module.lessons.iter().position(|lesson| &lesson.slug == slug).map(|l| (m, l))
            }) else {
                return false;
            };
            let Some(to) = content.modules.iter().position(|module| module.key == to_module) else {
                return false;
            };
            let room = content.modules[to].lessons.len() + usize::from(to != m);
            // A module keeps at least one lesson.
            if place == 0 || place > room || (to != m && content.modules[m].lessons.len() == 1) {
                return false;
            }
            let lesson = content.modules[m].lessons.remove(l);
            content.modules[to].lessons.insert(place - 1, lesson);
        }
        _ => return false,
    }
    renumber(content);
    true
}

/// `POST /author/courses/{slug}/move-to`: moves a lesson to another module or place,
/// or a module to another place.
pub async fn move_item_to(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(pairs): Form<Pairs>,
) -> AppResult<Response> {
    let working = load_for_edit(&state, &auth, &slug).await?;
    let item = Item::parse(field(&pairs, "what"), field(&pairs, "key")).ok_or(AppError::NotFound)?;
    let name = item.name(&working.content).ok_or(AppError::NotFound)?;
    let mut content = working.content.clone();
    let place = field(&pairs, "place").trim().parse::<usize>().unwrap_or(0);
    if !move_to(&mut content, &item, field(&pairs, "module"), place) {
        let problem = ctx.t("rename-move-invalid");
        return manage_page(&ctx, &working, &item, None, Some(problem), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let note = ctx.t1("rename-note-moved", "title", &name);
    match save(&state, &auth, &working, base_of(&pairs), content, &note).await {
        Ok(_) => Ok(Done::Moved.redirect(&working.course.slug)),
        Err(SaveError::Stale) => stale(&state, &auth, &ctx, &slug, &item, None).await,
        Err(SaveError::Other(err)) => Err(err),
    }
}
