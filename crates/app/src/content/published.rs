//! Which revision of each document the public sees, as this node last read it. Every
//! cache of published content (parsed courses, visitors' pages) asks this index, so
//! they all follow one published-content version: read again whenever this process
//! publishes, unpublishes or archives anything (the store's
//! [`Store::published_version`] moves on), and at least every [`PUBLISHED_TTL`], so
//! a change made by another node (or `altto course import`) is seen within a second.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use altto_store::{DocumentKind, DocumentRef, Store, StoreError};

/// How long a node trusts what it last read about which revisions are published.
pub const PUBLISHED_TTL: Duration = Duration::from_secs(1);

/// What was published when the index was read.
pub struct Index {
    read_at: Instant,
    version: u64,
    /// What it says, shared with the index read before it when nothing changed.
    contents: Arc<Contents>,
}

/// Which revisions are published, as one reading found them.
#[derive(PartialEq)]
struct Contents {
    /// `(document id, revision id)` by kind, then address.
    by_slug: HashMap<DocumentKind, HashMap<String, (i64, i64)>>,
    /// The published revision, by document.
    by_doc: HashMap<DocumentRef, i64>,
    /// Every published document of each kind, by address.
    listed: Vec<(DocumentKind, String, i64, i64)>,
    /// When the documents that were scheduled became public (unix ms).
    public_since: HashMap<DocumentRef, i64>,
}

impl Index {
    /// The document id and published revision id of the `kind` at `slug`.
    pub fn find(&self, kind: DocumentKind, slug: &str) -> Option<(i64, i64)> {
        self.contents.by_slug.get(&kind)?.get(slug).copied()
    }

    /// The revision of `doc` the public sees, if any.
    pub fn revision_of(&self, doc: DocumentRef) -> Option<i64> {
        self.contents.by_doc.get(&doc).copied()
    }

    /// When `doc` became public, if it was published for a given time.
    pub fn public_since(&self, doc: DocumentRef) -> Option<i64> {
        self.contents.public_since.get(&doc).copied()
    }

    /// Whether `other` says the same as this index: a cache derived from the whole
    /// index (the list of every article) stays valid from one to the other. Reading the
    /// index again every second finds the same thing almost every time, and rebuilding
    /// what depends on it each time only churned memory.
    pub fn same_as(&self, other: &Index) -> bool {
        Arc::ptr_eq(&self.contents, &other.contents)
    }

    /// Every published document of `kind` as `(id, revision id)`, by address.
    pub fn all(&self, kind: DocumentKind) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.contents
            .listed
            .iter()
            .filter(move |(k, ..)| *k == kind)
            .map(|(_, _, id, revision)| (*id, *revision))
    }
}

/// The index this node holds, shared by every cache of published content.
#[derive(Default)]
pub struct Publications {
    index: RwLock<Option<Arc<Index>>>,
    /// Held by the one request reading the index again.
    reading: tokio::sync::Mutex<()>,
}

impl Publications {
    /// The index if it is still current, without waiting for the database — or, while
    /// the database cannot be reached, the last one read: serving what was published a
    /// moment ago beats answering every visitor with an error page.
    pub fn now(&self, store: &Store) -> Option<Arc<Index>> {
        let index = self.index.read().ok()?.clone()?;
        let current = index.version == store.published_version() && index.read_at.elapsed() < PUBLISHED_TTL;
        (current || store.is_unreachable()).then_some(index)
    }

    /// The current index, read again after this process changed what is published or
    /// when older than [`PUBLISHED_TTL`].
    ///
    /// One request reads again; the others meanwhile keep using the index it replaces,
    /// when that is only older than the TTL (a second): a site with thousands of
    /// articles has thousands of rows to read, and every request under load reading
    /// them at once made every page wait and the process grow. After this process
    /// changed what is published, everyone waits for the new index.
    pub async fn read(&self, store: &Store) -> Result<Arc<Index>, StoreError> {
        if let Some(index) = self.now(store) {
            return Ok(index);
        }
        let last = self.index.read().ok().and_then(|index| index.clone());
        let _reading = match (self.reading.try_lock(), last) {
            (Ok(reading), _) => reading,
            (Err(_), Some(last)) if last.version == store.published_version() => return Ok(last),
            (Err(_), _) => self.reading.lock().await,
        };
        if let Some(index) = self.now(store) {
            return Ok(index);
        }
        // The version is taken before the read: a publish meanwhile moves the store's
        // version on, and the next request reads again.
        let version = store.published_version();
        let read_at = Instant::now();
        let published = match store.published_documents().await {
            Ok(published) => published,
            Err(StoreError::Unavailable(err)) => {
                let last = self.index.read().ok().and_then(|index| index.clone());
                return last.ok_or(StoreError::Unavailable(err));
            }
            Err(err) => return Err(err),
        };
        let mut contents = Contents {
            by_slug: HashMap::new(),
            by_doc: HashMap::with_capacity(published.len()),
            listed: Vec::with_capacity(published.len()),
            public_since: HashMap::new(),
        };
        for document in published {
            let (doc, revision) = (document.doc, document.revision_id);
            contents.by_slug.entry(doc.kind).or_default().insert(document.slug.clone(), (doc.id, revision));
            contents.by_doc.insert(doc, revision);
            if let Some(at) = document.publish_at {
                contents.public_since.insert(doc, at);
            }
            contents.listed.push((doc.kind, document.slug, doc.id, revision));
        }
        contents.listed.sort();
        // Nothing changed (the usual case): keep the contents read before, so that what
        // was derived from them stays valid, and let this reading go.
        let last = self.index.read().ok().and_then(|index| index.clone());
        let contents = match last {
            Some(last) if *last.contents == contents => last.contents.clone(),
            _ => Arc::new(contents),
        };
        let index = Index { read_at, version, contents };
        let index = Arc::new(index);
        if let Ok(mut slot) = self.index.write() {
            *slot = Some(index.clone());
        }
        Ok(index)
    }
}

/// When `doc` was first published and when its published revision `revision_id` was
/// saved (unix ms), for feeds, the sitemap and page metadata: the first time is its
/// earliest "published" step, else the revision's own time.
pub async fn dates(store: &Store, doc: DocumentRef, revision_id: i64) -> Result<(i64, i64), StoreError> {
    let revisions = store.revision_history(doc).await?;
    let modified = revisions.iter().find(|revision| revision.id == revision_id).map_or(0, |r| r.created_at);
    let first = store
        .review_notes(doc)
        .await?
        .into_iter()
        .filter(|note| note.event == "published")
        .map(|note| note.created_at)
        .min()
        .unwrap_or(modified);
    Ok((first, modified))
}
