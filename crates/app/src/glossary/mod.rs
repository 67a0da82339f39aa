//! The glossary of Japanese school terms: each term a document of kind
//! [`DocumentKind::Term`] on the one revision store and workflow (authors write,
//! editors publish), public pages with an A–Z and an あ–ん index, an editor, the JSON
//! API, and the [`Linker`] that links the first use of each term in lessons (and
//! anything else that asks for [`linker`]).

pub mod api;
pub mod content;
pub mod linking;
mod pages;
mod review;
pub mod starter;
mod write;

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

use altto_store::{DocumentKind, Store};

pub use content::Term;
pub use linking::Linker;

use crate::{
    content::{markdown, published::Publications},
    policy::Action,
    state::AppState,
    web::routes::Routes,
    workers::Workers,
};

/// The glossary's routes.
pub fn routes() -> Routes {
    use Action::{Author, ReadPublic};
    Routes::new()
        .get("/glossary", ReadPublic, pages::show_glossary)
        .get_cached("/glossary/{slug}", ReadPublic, pages::show_term)
        .get("/author/glossary", Author, write::list_terms)
        .get("/author/glossary/new", Author, write::new_term)
        .post("/author/glossary", Author, write::create_term)
        .get("/author/glossary/{slug}", Author, write::edit_term)
        .post("/author/glossary/{slug}", Author, write::save_term)
        .post("/author/glossary/{slug}/submit", Author, review::submit_term)
        .post("/author/glossary/{slug}/review", Author, review::review_term)
        .get("/api/v1/glossary", ReadPublic, api::list_terms)
        .get("/api/v1/glossary/{slug}", ReadPublic, api::show_term)
}

/// The linker built from the terms published now: built again only when which term
/// revisions are published changes, so it is the same `Arc` for every caller until
/// then. A page rendered with it keeps its links until that page's own document is
/// published again (see docs/glossary.md).
pub async fn linker(state: &AppState) -> anyhow::Result<Arc<Linker>> {
    state.glossary.linker(&state.store).await
}

/// A published term revision.
#[derive(Debug)]
pub struct Entry {
    /// The term's document id.
    pub doc_id: i64,
    /// The revision the public sees.
    pub revision_id: i64,
    /// Its content.
    pub term: Term,
}

/// A published term's explanations as sanitised HTML, with other terms linked.
#[derive(Debug)]
pub struct Rendered {
    /// The English explanation.
    pub html: String,
    /// The Japanese explanation, if there is one.
    pub html_ja: Option<String>,
}

/// Published term revisions, their rendered explanations and the linker, in memory. A
/// revision never changes once saved, so whatever is kept by revision id stays right;
/// which revisions are published comes from [`Publications`].
pub struct Glossary {
    markdown: Arc<Workers>,
    published: Arc<Publications>,
    entries: RwLock<HashMap<i64, Arc<Entry>>>,
    rendered: RwLock<HashMap<i64, Arc<Rendered>>>,
    linker: RwLock<Arc<Linker>>,
    /// Held while a new linker is built, so that a burst of requests builds it once.
    building: tokio::sync::Mutex<()>,
}

impl Glossary {
    /// An empty cache that renders Markdown on `markdown` and follows `published`.
    pub fn new(markdown: Arc<Workers>, published: Arc<Publications>) -> Self {
        Self {
            markdown,
            published,
            entries: RwLock::default(),
            rendered: RwLock::default(),
            linker: RwLock::default(),
            building: tokio::sync::Mutex::new(()),
        }
    }

    /// The term revision `revision_id` of term `doc_id`.
    async fn entry(&self, store: &Store, doc_id: i64, revision_id: i64) -> anyhow::Result<Arc<Entry>> {
        if let Some(hit) = self.entries.read().ok().and_then(|map| map.get(&revision_id).cloned()) {
            return Ok(hit);
        }
        let revision = store.revision(DocumentKind::Term, revision_id).await?;
        let term: Term = serde_json::from_str(&revision.content)?;
        let entry = Arc::new(Entry { doc_id, revision_id, term });
        if let Ok(mut map) = self.entries.write() {
            map.insert(revision_id, entry.clone());
        }
        Ok(entry)
    }

    /// Every published term, by address.
    pub async fn all(&self, store: &Store) -> anyhow::Result<Vec<Arc<Entry>>> {
        let index = self.published.read(store).await?;
        let mut all = Vec::new();
        for (doc_id, revision_id) in index.all(DocumentKind::Term) {
            all.push(self.entry(store, doc_id, revision_id).await?);
        }
        Ok(all)
    }

    /// The published term at `slug`, if there is one.
    pub async fn find(&self, store: &Store, slug: &str) -> anyhow::Result<Option<Arc<Entry>>> {
        match self.published.read(store).await?.find(DocumentKind::Term, slug) {
            Some((doc_id, revision_id)) => Ok(Some(self.entry(store, doc_id, revision_id).await?)),
            None => Ok(None),
        }
    }

    /// The linker for the terms published now (see [`linker`]).
    pub async fn linker(&self, store: &Store) -> anyhow::Result<Arc<Linker>> {
        let index = self.published.read(store).await?;
        let mut now: Vec<i64> = index.all(DocumentKind::Term).map(|(_, revision)| revision).collect();
        now.sort_unstable();
        let current = || self.linker.read().ok().map(|l| l.clone()).filter(|l| l.built_from == now);
        if let Some(linker) = current() {
            return Ok(linker);
        }
        let _building = self.building.lock().await;
        if let Some(linker) = current() {
            return Ok(linker);
        }
        let entries = self.all(store).await?;
        let mut linker = Linker::new(
            entries.iter().map(|e| (e.term.slug.as_str(), e.term.ja.as_str(), e.term.en.as_str())),
        );
        linker.built_from = now.clone();
        let linker = Arc::new(linker);
        if let Ok(mut slot) = self.linker.write() {
            *slot = linker.clone();
        }
        // Forget what no longer is published: the kept maps stay as large as the glossary.
        let keep = |revision: &i64| now.binary_search(revision).is_ok();
        if let Ok(mut map) = self.entries.write() {
            map.retain(|revision, _| keep(revision));
        }
        if let Ok(mut map) = self.rendered.write() {
            map.retain(|revision, _| keep(revision));
        }
        Ok(linker)
    }

    /// `entry`'s explanations rendered (on the Markdown threads) with the other terms
    /// linked: once per published revision.
    pub async fn rendered(&self, store: &Store, entry: &Entry) -> anyhow::Result<Arc<Rendered>> {
        if let Some(hit) = self.rendered.read().ok().and_then(|map| map.get(&entry.revision_id).cloned()) {
            return Ok(hit);
        }
        let linker = self.linker(store).await?;
        let term = entry.term.clone();
        let rendered = self
            .markdown
            .run(move || {
                let render = |text: &str| {
                    let html = markdown::render(text, &markdown::Profile::Authors);
                    linker.link_except(&html, Some(&term.slug))
                };
                let html_ja = (!term.explanation_ja.trim().is_empty()).then(|| render(&term.explanation_ja));
                Rendered { html: render(&term.explanation), html_ja }
            })
            .await?;
        let rendered = Arc::new(rendered);
        if let Ok(mut map) = self.rendered.write() {
            map.insert(entry.revision_id, rendered.clone());
        }
        Ok(rendered)
    }
}
