//! The course library: importing and exporting packages, loading the starter course,
//! and an in-memory cache of published revisions (parsed, with each lesson's HTML
//! rendered when it is first shown). A revision never changes once saved, so a cache keyed by revision
//! id is always right; publishing points the course at a new revision id, which the
//! shared index of what is published ([`Publications`]) sees.
//!
//! Lessons' bodies get their glossary links here, once per revision: the terms
//! published when a lesson is first rendered are linked (a term published later
//! is linked from the course's next published revision, or after a restart).

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

use altto_store::{DocumentKind, DocumentRef, Store, StoreError, UserId};

use crate::{
    content::{decisions, markdown, published::Publications},
    glossary::Glossary,
    web::stitch::Skeleton,
    workers::Workers,
};

use super::{
    content::{CourseContent, LessonContent, Manifest},
    files, media,
    package::{self, Files, Problem},
};

/// The starter course, compiled into the binary so a fresh install has it.
static STARTER: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../content/alt-essentials");

/// A published revision, ready to show.
pub struct Published {
    /// The course's id.
    pub course_id: i64,
    /// The revision's id.
    pub revision_id: i64,
    /// The content.
    pub content: CourseContent,
    /// Video transcripts, by lesson id.
    pub transcripts: HashMap<i64, String>,
    /// Lessons' bodies as HTML, by lesson id: rendered when a lesson is first shown
    /// ([`CourseCache::lesson_html`]), not when the course is loaded — the catalog loads
    /// every course and shows none of their lessons (rendering all of them made 50
    /// courses hold 4 MiB of HTML nobody had asked for).
    rendered: RwLock<HashMap<i64, Arc<LessonHtml>>>,
}

/// A lesson's body as sanitised HTML, with the first use of each glossary term linked
/// (unless the lesson says `glossary_links = false`), and its Japanese version if it
/// has one.
#[derive(Debug, Default)]
pub struct LessonHtml {
    /// The body.
    pub html: String,
    /// The Japanese version.
    pub html_ja: Option<String>,
}

/// The key of a kept skeleton: published revision, lesson, language.
type PageKey = (i64, i64, crate::i18n::Lang);

/// How many skeletons a node keeps: enough for every lesson a busy hour reads, few
/// enough that a crawler reading all of them in both languages does not grow the
/// process (each skeleton is ~5 KiB).
const MOST_PAGES: usize = 256;

/// Something kept per lesson page: by published revision, lesson and language; at most
/// [`MOST_PAGES`] (when full, all are dropped: cheaper than tracking use, and the next
/// requests render them again).
struct Pages<T>(RwLock<HashMap<PageKey, Arc<T>>>);

impl<T> Default for Pages<T> {
    fn default() -> Self {
        Self(RwLock::default())
    }
}

impl<T> Pages<T> {
    fn get(&self, key: PageKey) -> Option<Arc<T>> {
        self.0.read().ok().and_then(|pages| pages.get(&key).cloned())
    }

    /// Keeps `value` for `key`, dropping what is kept for the revisions in `stale`.
    fn keep(&self, key: PageKey, value: T, stale: &[i64]) -> Arc<T> {
        let value = Arc::new(value);
        if let Ok(mut pages) = self.0.write() {
            pages.retain(|(revision, _, _), _| !stale.contains(revision));
            if pages.len() >= MOST_PAGES {
                pages.clear();
            }
            pages.insert(key, value.clone());
        }
        value
    }
}

/// Parsed revisions by revision id and the skeletons of members' lesson pages by
/// revision; which revision of each course is published comes from [`Publications`].
pub struct CourseCache {
    /// Where lessons' Markdown is rendered (never on the async threads).
    markdown: Arc<Workers>,
    published: Arc<Publications>,
    /// Where the glossary's linker comes from.
    glossary: Arc<Glossary>,
    revisions: RwLock<HashMap<i64, Arc<Published>>>,
    loading: std::sync::Mutex<HashMap<i64, Arc<tokio::sync::OnceCell<Arc<Published>>>>>,
    skeletons: Pages<Skeleton>,
}

impl CourseCache {
    /// An empty cache that renders Markdown on `markdown`, follows `published` and
    /// links lessons to the terms of `glossary`.
    pub fn new(markdown: Arc<Workers>, published: Arc<Publications>, glossary: Arc<Glossary>) -> Self {
        Self {
            markdown,
            published,
            glossary,
            revisions: RwLock::default(),
            loading: std::sync::Mutex::default(),
            skeletons: Pages::default(),
        }
    }

    /// The revision `revision_id` of course `course_id`, from the cache or the database.
    /// Concurrent requests for a revision not yet loaded wait for one load instead of
    /// each parsing and rendering the whole course (which made memory spike on a cold start).
    pub async fn get(
        &self,
        store: &Store,
        course_id: i64,
        revision_id: i64,
    ) -> anyhow::Result<Arc<Published>> {
        if let Some(hit) = self.revisions.read().ok().and_then(|map| map.get(&revision_id).cloned()) {
            return Ok(hit);
        }
        let cell = {
            let mut loading =
                self.loading.lock().map_err(|_| anyhow::anyhow!("the course cache lock is poisoned"))?;
            loading.entry(revision_id).or_default().clone()
        };
        let published = cell.get_or_try_init(|| load(store, course_id, revision_id)).await?.clone();
        if let Ok(mut map) = self.revisions.write() {
            map.insert(revision_id, published.clone());
        }
        if let Ok(mut loading) = self.loading.lock() {
            loading.remove(&revision_id);
        }
        Ok(published)
    }

    /// `lesson`'s body (of `course`) as HTML: rendered on the Markdown threads the first
    /// time it is shown, then kept with the revision. Two requests for a lesson not yet
    /// rendered may both render it (one lesson, not the whole course).
    pub async fn lesson_html(
        &self,
        store: &Store,
        course: &Published,
        lesson: &LessonContent,
    ) -> anyhow::Result<Arc<LessonHtml>> {
        if let Some(hit) = course.rendered.read().ok().and_then(|kept| kept.get(&lesson.id).cloned()) {
            return Ok(hit);
        }
        let linker = lesson.glossary_links.then_some(self.glossary.linker(store).await?);
        let (body, body_ja) = (lesson.body.clone(), lesson.body_ja.clone());
        let rendered = self
            .markdown
            .run(move || {
                let render = |text: &str| {
                    let html = markdown::render(text, &markdown::Profile::Authors);
                    match &linker {
                        Some(linker) => linker.link(&html),
                        None => html,
                    }
                };
                LessonHtml { html: render(&body), html_ja: body_ja.as_deref().map(render) }
            })
            .await?;
        let rendered = Arc::new(rendered);
        if let Ok(mut kept) = course.rendered.write() {
            kept.insert(lesson.id, rendered.clone());
        }
        Ok(rendered)
    }

    /// The published version of the course at `slug`, if it is published.
    pub async fn published(&self, store: &Store, slug: &str) -> anyhow::Result<Option<Arc<Published>>> {
        match self.published.read(store).await?.find(DocumentKind::Course, slug) {
            Some((course_id, revision_id)) => Ok(Some(self.get(store, course_id, revision_id).await?)),
            None => Ok(None),
        }
    }

    /// The published version of course `course_id`, if it is published.
    pub async fn published_by_id(
        &self,
        store: &Store,
        course_id: i64,
    ) -> anyhow::Result<Option<Arc<Published>>> {
        match self.published.read(store).await?.revision_of(altto_store::DocumentRef::course(course_id)) {
            Some(revision_id) => Ok(Some(self.get(store, course_id, revision_id).await?)),
            None => Ok(None),
        }
    }

    /// The skeleton of members' pages for `key`, if it was made before (the key holds
    /// the revision, as for [`CourseCache::page`]).
    pub fn skeleton(&self, key: PageKey) -> Option<Arc<Skeleton>> {
        self.skeletons.get(key)
    }

    /// Keeps the skeleton of members' pages, dropping those of older revisions.
    pub fn keep_skeleton(&self, course_id: i64, key: PageKey, skeleton: Skeleton) -> Arc<Skeleton> {
        self.skeletons.keep(key, skeleton, &self.older_revisions(course_id, key))
    }

    /// The revisions of course `course_id` this process holds other than `key`'s.
    fn older_revisions(&self, course_id: i64, key: PageKey) -> Vec<i64> {
        let (revision, _, _) = key;
        self.revisions
            .read()
            .map(|r| {
                r.values()
                    .filter(|p| p.course_id == course_id && p.revision_id != revision)
                    .map(|p| p.revision_id)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A course's working copy `content` (revision `revision_id`, which may be a
    /// draft) ready to show like a published revision (its lessons rendered by
    /// [`Self::lesson_html`]): for previews. Not kept: a draft changes with every save.
    pub async fn draft(
        &self,
        store: &Store,
        course_id: i64,
        revision_id: i64,
        content: CourseContent,
    ) -> anyhow::Result<Published> {
        prepare(store, course_id, revision_id, content).await
    }

    /// Every published course.
    pub async fn all_published(&self, store: &Store) -> anyhow::Result<Vec<Arc<Published>>> {
        let mut courses = Vec::new();
        let index = self.published.read(store).await?;
        for (course_id, revision_id) in index.all(DocumentKind::Course) {
            courses.push(self.get(store, course_id, revision_id).await?);
        }
        Ok(courses)
    }
}

/// Reads and parses one revision.
async fn load(store: &Store, course_id: i64, revision_id: i64) -> anyhow::Result<Arc<Published>> {
    let revision = store.revision(DocumentKind::Course, revision_id).await?;
    let content: CourseContent = serde_json::from_str(&revision.content)?;
    Ok(Arc::new(prepare(store, course_id, revision_id, content).await?))
}

/// `content` ready to show: its lessons' transcripts read (their bodies are rendered
/// when first shown).
async fn prepare(
    store: &Store,
    course_id: i64,
    revision_id: i64,
    content: CourseContent,
) -> anyhow::Result<Published> {
    // A revision's files never change (they are listed by hash), so the transcripts
    // read now stay right for as long as this revision is kept.
    let mut transcripts = HashMap::new();
    for (_, lesson) in content.lessons() {
        // Text and Markdown are shown on the page; a PDF is offered as a download.
        let Some(path) = lesson.video.as_ref().and_then(|video| video.transcript.as_deref()) else {
            continue;
        };
        if !media::has_extension(path, &["txt", "md"]) {
            continue;
        }
        if let Some(file) = files::locate(store, course_id, content.files.as_ref(), path).await? {
            let bytes = store.blob_bytes(file.blob_id).await?;
            transcripts.insert(lesson.id, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok(Published { course_id, revision_id, content, transcripts, rendered: RwLock::default() })
}

/// Why an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The package has problems; nothing was changed.
    #[error("the package has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    /// Someone saved the course meanwhile; nothing was changed.
    #[error("the course was changed while importing; try again")]
    Conflict,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    /// The course's address.
    pub slug: String,
    /// The new revision's id.
    pub revision_id: i64,
    /// Whether the course was new.
    pub created: bool,
    /// The topics the package named that were not in the topic list: added to it,
    /// labelled with their slug until someone gives them labels.
    pub new_topics: Vec<String>,
}

/// Creates or updates a course from package files (and its media files), as a new
/// revision; publishes it when `publish` is set. Lessons keep their ids (and so
/// learners' progress) by name. Nothing is stored unless the whole package is valid.
pub async fn import(
    store: &Store,
    files: &Files,
    author: Option<UserId>,
    publish: bool,
    media_limit: usize,
) -> Result<Imported, ImportError> {
    let mut content = package::parse(files).map_err(ImportError::Invalid)?;
    let too_large: Vec<Problem> = files
        .iter()
        .filter(|(path, bytes)| path.starts_with("media/") && bytes.len() > media_limit)
        .map(|(path, _)| Problem {
            file: path.clone(),
            line: None,
            message: format!("is larger than the upload limit of {media_limit} bytes"),
        })
        .collect();
    if !too_large.is_empty() {
        return Err(ImportError::Invalid(too_large));
    }
    let (course_id, latest, created) = match store.course_by_slug(&content.slug).await? {
        Some(course) => (course.id, course.latest_revision_id, false),
        None => (store.create_course(&content.slug).await?, None, true),
    };
    let slugs: Vec<String> = content.lessons().map(|(_, lesson)| lesson.slug.clone()).collect();
    let ids = store.lesson_ids(course_id, &slugs).await?;
    let mut ids = ids.into_iter();
    for module in &mut content.modules {
        for lesson in &mut module.lessons {
            lesson.id = ids.next().unwrap_or_default();
        }
    }
    // The package's files are the new revision's files (stored once, whoever else uses
    // the same bytes); the published revision keeps its own until this one is published.
    let mut listed = Manifest::new();
    for (path, bytes) in files.iter().filter(|(path, _)| path.starts_with("media/")) {
        let content_type = media::check_file(path, bytes, media_limit).unwrap_or("application/octet-stream");
        listed.insert(path.clone(), super::files::store_file(store, bytes, content_type).await?);
    }
    content.files = Some(listed);
    let json = serde_json::to_string(&content).map_err(|err| StoreError::Conflict(err.to_string()))?;
    let revision_id = match store
        .add_revision(DocumentRef::course(course_id), latest, &json, author, "imported from a package")
        .await
    {
        Ok(id) => id,
        Err(StoreError::Conflict(_)) => return Err(ImportError::Conflict),
        Err(err) => return Err(err.into()),
    };
    if publish {
        // Publishing from the command line is an editor's decision like any other.
        match decisions::publish_saved(store, DocumentRef::course(course_id), revision_id, author).await {
            Ok(()) => {}
            Err(StoreError::Conflict(_)) => return Err(ImportError::Conflict),
            Err(err) => return Err(err.into()),
        }
    }
    let new_topics = super::topics::add_unknown(store, &content.topics).await?;
    Ok(Imported { slug: content.slug, revision_id, created, new_topics })
}

/// The newest revision of the course at `slug` as package files, with its files.
pub async fn export(store: &Store, slug: &str) -> anyhow::Result<Files> {
    let course = store
        .course_by_slug(slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no course has the address {slug}"))?;
    let revision =
        course.latest_revision_id.ok_or_else(|| anyhow::anyhow!("the course {slug} has no content yet"))?;
    let content: CourseContent =
        serde_json::from_str(&store.revision(DocumentKind::Course, revision).await?.content)?;
    let mut out = package::render(&content);
    for (path, file) in files::all(store, course.id, &content).await? {
        out.insert(path, store.blob_bytes(file.blob_id).await?);
    }
    Ok(out)
}

/// The starter course's files.
pub fn starter_files() -> Files {
    package::embedded_files(&STARTER)
}

/// Fills the topic list on a new site (or one that had courses before the list
/// existed), then loads and publishes the starter course when the site has no course at all. Nodes
/// starting together on an empty database may all try; the first to store it wins and
/// the others, refused by the database, carry on without it.
pub async fn load_starter_course(store: &Store) -> anyhow::Result<bool> {
    // First, so the starter course's topics come with their labels.
    super::topics::seed_once(store).await?;
    if store.course_count().await? > 0 {
        return Ok(false);
    }
    match import(store, &starter_files(), None, true, usize::MAX).await {
        Ok(_) => Ok(true),
        Err(ImportError::Conflict | ImportError::Store(StoreError::Conflict(_))) => Ok(false),
        Err(ImportError::Invalid(problems)) => {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            anyhow::bail!("the built-in starter course is invalid:\n{}", list.join("\n"))
        }
        Err(err) => Err(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn kept_pages_never_outgrow_their_bound_and_a_kept_page_is_found_again() {
        let pages: Pages<usize> = Pages::default();
        for lesson in 0..(3 * MOST_PAGES as i64) {
            pages.keep((1, lesson, Lang::En), 0, &[]);
            assert!(pages.0.read().unwrap().len() <= MOST_PAGES);
        }
        pages.keep((2, 7, Lang::Ja), 42, &[1]);
        assert_eq!(pages.get((2, 7, Lang::Ja)).as_deref(), Some(&42));
        assert!(pages.get((1, 0, Lang::En)).is_none(), "an older revision's pages are dropped");
    }
}
