//! The course library: importing and exporting packages, loading the starter course,
//! and an in-memory cache of published revisions (parsed and with their lessons'
//! HTML rendered). A revision never changes once saved, so a cache keyed by revision
//! id is always right; publishing points the course at a new revision id, which the
//! shared index of what is published ([`Publications`]) sees.
//!
//! Lessons' bodies get their glossary links here, once per revision: the terms
//! published when the revision is first rendered are linked (a term published later
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
    content::{CourseContent, Manifest},
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
    /// Each lesson's body as sanitised HTML, by lesson id.
    pub html: HashMap<i64, String>,
    /// The Japanese versions of the lessons' bodies that have one, likewise.
    pub html_ja: HashMap<i64, String>,
    /// Video transcripts, by lesson id.
    pub transcripts: HashMap<i64, String>,
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
        let published = cell
            .get_or_try_init(|| load(store, &self.markdown, &self.glossary, course_id, revision_id))
            .await?
            .clone();
        if let Ok(mut map) = self.revisions.write() {
            map.insert(revision_id, published.clone());
        }
        if let Ok(mut loading) = self.loading.lock() {
            loading.remove(&revision_id);
        }
        Ok(published)
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
    /// draft) ready to show, its Markdown rendered like a published revision's: for
    /// previews. Not kept: a draft changes with every save.
    pub async fn draft(
        &self,
        store: &Store,
        course_id: i64,
        revision_id: i64,
        content: CourseContent,
    ) -> anyhow::Result<Published> {
        prepare(store, &self.markdown, &self.glossary, course_id, revision_id, content).await
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

/// Reads, parses and renders one revision (the Markdown on `markdown`'s threads).
async fn load(
    store: &Store,
    markdown: &Workers,
    glossary: &Glossary,
    course_id: i64,
    revision_id: i64,
) -> anyhow::Result<Arc<Published>> {
    let revision = store.revision(DocumentKind::Course, revision_id).await?;
    let content: CourseContent = serde_json::from_str(&revision.content)?;
    Ok(Arc::new(prepare(store, markdown, glossary, course_id, revision_id, content).await?))
}

/// Renders the lessons of `content` (with the first use of each glossary term linked,
/// unless a lesson says `glossary_links = false`) and reads their transcripts.
async fn prepare(
    store: &Store,
    markdown: &Workers,
    glossary: &Glossary,
    course_id: i64,
    revision_id: i64,
    content: CourseContent,
) -> anyhow::Result<Published> {
    // Each body and each Japanese version, by lesson id and whether it is Japanese,
    // with whether its glossary terms are linked.
    let bodies: Vec<(i64, bool, bool, String)> = content
        .lessons()
        .flat_map(|(_, lesson)| {
            let links = lesson.glossary_links;
            let ja = lesson.body_ja.as_ref().map(|body| (lesson.id, true, links, body.clone()));
            std::iter::once((lesson.id, false, links, lesson.body.clone())).chain(ja)
        })
        .collect();
    let linker = glossary.linker(store).await?;
    let rendered: Vec<(i64, bool, String)> = markdown
        .run(move || {
            bodies
                .into_iter()
                .map(|(id, ja, links, body)| {
                    let html = markdown::render(&body, &markdown::Profile::Authors);
                    (id, ja, if links { linker.link(&html) } else { html })
                })
                .collect()
        })
        .await?;
    let (mut html, mut html_ja) = (HashMap::new(), HashMap::new());
    for (id, ja, body) in rendered {
        if ja {
            html_ja.insert(id, body)
        } else {
            html.insert(id, body)
        };
    }
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
    Ok(Published { course_id, revision_id, content, html, html_ja, transcripts })
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
