//! Topics: the managed list that courses choose their topics from, each with an
//! English and a Japanese label. A course names its topics by slug (in revisions and
//! packages, so old revisions keep working); people always read the labels.
//!
//! - The starter course's topics are in the list from the first start, with labels.
//! - On a site that had courses before the list existed, the topics they name are
//!   added once (labelled with their slug until someone renames them).
//! - Importing a package that names an unknown topic adds it the same way, and says so.
//! - A topic a course uses (its working copy or its published revision) cannot be
//!   removed: the refusal names the courses, which must drop it first. Detaching it
//!   instead would mean a new revision of every such course, outside review.

use std::collections::BTreeMap;

use altto_store::{DocumentKind, Store, StoreResult, Topic};
use serde::Deserialize;

use crate::i18n::Lang;

/// The starter course's topics: slug, English label, Japanese label.
const STARTER: [(&str, &str, &str); 4] = [
    ("japanese-schools", "Japanese schools", "日本の学校"),
    ("curriculum", "Curriculum and the Course of Study", "学習指導要領とカリキュラム"),
    ("team-teaching", "Team teaching", "ティーム・ティーチング"),
    ("classroom-practice", "Classroom practice", "授業づくりと指導"),
];

/// The setting that says the list was filled on this site (so a topic an editor
/// removed is not put back at the next start).
const SEEDED: &str = "topics_seeded";

/// The topic list, for showing labels.
#[derive(Clone, Debug, Default)]
pub struct Topics(Vec<Topic>);

impl Topics {
    /// The list as stored.
    pub async fn load(store: &Store) -> StoreResult<Self> {
        Ok(Self(store.topics().await?))
    }

    /// Every topic, by slug.
    pub fn all(&self) -> &[Topic] {
        &self.0
    }

    /// Whether `slug` is in the list.
    pub fn contains(&self, slug: &str) -> bool {
        self.0.iter().any(|t| t.slug == slug)
    }

    /// The label of `slug` in `lang` (the English one where there is no Japanese one;
    /// the slug itself for a topic not in the list).
    pub fn label(&self, slug: &str, lang: Lang) -> String {
        match self.0.iter().find(|t| t.slug == slug) {
            Some(t) if lang == Lang::Ja && !t.label_ja.trim().is_empty() => t.label_ja.clone(),
            Some(t) => t.label_en.clone(),
            None => slug.to_owned(),
        }
    }

    /// `slugs` with their labels in `lang`, ordered by label.
    pub fn labelled(&self, slugs: &[String], lang: Lang) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = slugs.iter().map(|s| (s.clone(), self.label(s, lang))).collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out
    }
}

/// A topic named by an import or an older course: labelled with its slug until renamed.
pub fn provisional(slug: &str) -> Topic {
    Topic { slug: slug.to_owned(), label_en: slug.to_owned(), label_ja: String::new(), provisional: true }
}

/// Adds the topics among `slugs` that are not in the list, as provisional; returns
/// those added.
pub async fn add_unknown(store: &Store, slugs: &[String]) -> StoreResult<Vec<String>> {
    let new: Vec<Topic> = slugs.iter().map(|slug| provisional(slug)).collect();
    store.add_missing_topics(&new).await
}

/// Only the topics of a revision's content (the rest is not parsed).
#[derive(Deserialize)]
struct TopicsOnly {
    #[serde(default)]
    topics: Vec<String>,
}

/// The topics a revision's content JSON names.
fn topics_of_json(json: &str) -> Vec<String> {
    serde_json::from_str::<TopicsOnly>(json).map(|only| only.topics).unwrap_or_default()
}

/// Fills the list once per site: the starter course's topics with their labels, and
/// every topic an existing course names (provisional).
pub async fn seed_once(store: &Store) -> StoreResult<()> {
    if store.setting(SEEDED).await?.is_some() {
        return Ok(());
    }
    let starter: Vec<Topic> = STARTER
        .iter()
        .map(|(slug, en, ja)| Topic {
            slug: (*slug).to_owned(),
            label_en: (*en).to_owned(),
            label_ja: (*ja).to_owned(),
            provisional: false,
        })
        .collect();
    store.add_missing_topics(&starter).await?;
    let used: Vec<String> = usage(store).await?.into_keys().collect();
    add_unknown(store, &used).await?;
    store.insert_setting_if_absent(SEEDED, "1").await
}

/// Which courses use each topic: slug → the titles of the courses whose working copy
/// or published revision names it.
pub async fn usage(store: &Store) -> StoreResult<BTreeMap<String, Vec<String>>> {
    let mut used: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for course in store.documents_for(DocumentKind::Course, None).await? {
        let revisions = [course.latest_revision_id, course.published_revision_id];
        let mut named: Vec<String> = Vec::new();
        for revision in revisions.into_iter().flatten() {
            named.extend(topics_of_json(&store.revision(DocumentKind::Course, revision).await?.content));
        }
        named.sort();
        named.dedup();
        let title = course_title(store, &course).await?;
        for slug in named {
            used.entry(slug).or_default().push(title.clone());
        }
    }
    Ok(used)
}

/// A course's title as its working copy has it (its address if it has none).
async fn course_title(store: &Store, course: &altto_store::DocumentRow) -> StoreResult<String> {
    #[derive(Deserialize)]
    struct TitleOnly {
        title: String,
    }
    let Some(latest) = course.latest_revision_id else { return Ok(course.slug.clone()) };
    let json = store.revision(DocumentKind::Course, latest).await?.content;
    Ok(serde_json::from_str::<TitleOnly>(&json).map_or_else(|_| course.slug.clone(), |t| t.title))
}
