//! The course library: importing and exporting packages, loading the starter course,
//! and an in-memory cache of published revisions (parsed and with their lessons'
//! HTML rendered). A revision never changes once saved, so a cache keyed by revision
//! id is always right; publishing points the course at a new revision id, which every
//! node sees on its next request.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

use altto_store::{Store, StoreError, UserId};

use super::{
    content::CourseContent,
    markdown,
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
}

/// Parsed revisions by revision id.
#[derive(Default)]
pub struct CourseCache {
    revisions: RwLock<HashMap<i64, Arc<Published>>>,
}

impl CourseCache {
    /// The revision `revision_id` of course `course_id`, from the cache or the database.
    pub async fn get(
        &self,
        store: &Store,
        course_id: i64,
        revision_id: i64,
    ) -> anyhow::Result<Arc<Published>> {
        if let Some(hit) = self.revisions.read().ok().and_then(|map| map.get(&revision_id).cloned()) {
            return Ok(hit);
        }
        let revision = store.revision(revision_id).await?;
        let content: CourseContent = serde_json::from_str(&revision.content)?;
        let html = content.lessons().map(|(_, lesson)| (lesson.id, markdown::render(&lesson.body))).collect();
        let published = Arc::new(Published { course_id, revision_id, content, html });
        if let Ok(mut map) = self.revisions.write() {
            map.insert(revision_id, published.clone());
        }
        Ok(published)
    }

    /// The published version of the course at `slug`, if it is published.
    pub async fn published(&self, store: &Store, slug: &str) -> anyhow::Result<Option<Arc<Published>>> {
        match store.published_revision_id(slug).await? {
            Some((course_id, revision_id)) => Ok(Some(self.get(store, course_id, revision_id).await?)),
            None => Ok(None),
        }
    }

    /// Every published course.
    pub async fn all_published(&self, store: &Store) -> anyhow::Result<Vec<Arc<Published>>> {
        let mut courses = Vec::new();
        for (course_id, _, revision_id) in store.published_course_revisions().await? {
            courses.push(self.get(store, course_id, revision_id).await?);
        }
        Ok(courses)
    }
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
}

/// Creates or updates a course from package files, as a new revision; publishes it when
/// `publish` is set. Lessons keep their ids (and so learners' progress) by name.
pub async fn import(
    store: &Store,
    files: &Files,
    author: Option<UserId>,
    publish: bool,
) -> Result<Imported, ImportError> {
    let mut content = package::parse(files).map_err(ImportError::Invalid)?;
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
    let json = serde_json::to_string(&content).map_err(|err| StoreError::Conflict(err.to_string()))?;
    let revision_id =
        match store.add_revision(course_id, latest, &json, author, "imported from a package").await {
            Ok(id) => id,
            Err(StoreError::Conflict(_)) => return Err(ImportError::Conflict),
            Err(err) => return Err(err.into()),
        };
    if publish {
        store.publish_revision(course_id, revision_id).await?;
    }
    Ok(Imported { slug: content.slug, revision_id, created })
}

/// The newest revision of the course at `slug` as package files.
pub async fn export(store: &Store, slug: &str) -> anyhow::Result<Files> {
    let course = store
        .course_by_slug(slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no course has the address {slug}"))?;
    let revision =
        course.latest_revision_id.ok_or_else(|| anyhow::anyhow!("the course {slug} has no content yet"))?;
    let content: CourseContent = serde_json::from_str(&store.revision(revision).await?.content)?;
    Ok(package::render(&content))
}

/// The starter course's files.
pub fn starter_files() -> Files {
    package::embedded_files(&STARTER)
}

/// Loads and publishes the starter course when the site has no course at all.
pub async fn load_starter_course(store: &Store) -> anyhow::Result<bool> {
    if store.course_count().await? > 0 {
        return Ok(false);
    }
    match import(store, &starter_files(), None, true).await {
        Ok(_) => Ok(true),
        Err(ImportError::Invalid(problems)) => {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            anyhow::bail!("the built-in starter course is invalid:\n{}", list.join("\n"))
        }
        Err(err) => Err(err.into()),
    }
}
