//! Search across everything anyone may read: courses and lessons, library articles,
//! news, newsletter issues, glossary terms, forum threads and posts, and the members
//! listed in the directory — in English and Japanese, with no dictionary (the analyzer
//! is `altto-search`'s: NFKC, CJK bigrams, English stemming).
//!
//! The index is derived data, never the only copy of anything: each node keeps its own
//! in `<data>/search` ([`folder`]), built from the database when it is missing, of
//! another format or damaged, and by `altto search reindex`. It follows the database
//! by itself ([`sync`]): published documents through the published-content index, the
//! forum, members and newsletter through the queue of changes the database's triggers
//! fill, so what one node changes reaches every node's results within a second.
//!
//! What the index holds is only what a visitor may open (the store's reads apply the
//! rules); the one exception, members whose profile is for members only, is marked so
//! that only signed-in readers find them.

pub mod api;
pub mod commands;
mod entries;
pub mod pages;
pub mod sync;

use std::{
    path::{Path, PathBuf},
    sync::{Arc, OnceLock},
    time::Duration,
};

use altto_search::SearchIndex;
use tokio::sync::watch;

use crate::{policy::Action, state::AppState, web::routes::Routes};

/// The search routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/search", Action::ReadPublic, pages::show_results)
        .get("/opensearch.xml", Action::ReadPublic, pages::opensearch)
        .get("/api/v1/search", Action::ReadPublic, api::search)
}

/// How long a search waits for the index's first build before saying it is not ready.
const READY_WAIT: Duration = Duration::from_secs(5);

/// The index folder of the data folder `data_dir`.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("search")
}

/// This node's search index, opened and kept current by one background task started on
/// first use (or at `altto serve`'s start).
pub struct Search {
    /// Where the index is kept.
    pub folder: PathBuf,
    index: OnceLock<Arc<SearchIndex>>,
    ready: watch::Sender<bool>,
    started: std::sync::atomic::AtomicBool,
    synonyms: pages::KeptSynonyms,
}

impl Search {
    /// A search over the index in `folder`, not yet opened.
    pub fn new(folder: PathBuf) -> Self {
        Self {
            folder,
            index: OnceLock::new(),
            ready: watch::Sender::new(false),
            started: std::sync::atomic::AtomicBool::new(false),
            synonyms: pages::KeptSynonyms::default(),
        }
    }

    /// Starts the task that opens (or builds) the index and keeps it current, unless it
    /// runs already.
    pub fn start(&self, state: &AppState) {
        if self.started.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        tokio::spawn(sync::run(state.clone()));
    }

    /// The index once its first build is done; `None` if that takes longer than a few
    /// seconds (the page says so and asks to try again).
    pub async fn index(&self, state: &AppState) -> Option<Arc<SearchIndex>> {
        self.start(state);
        let mut ready = self.ready.subscribe();
        let waited = tokio::time::timeout(READY_WAIT, ready.wait_for(|ready| *ready)).await;
        if !matches!(waited, Ok(Ok(_))) {
            return None;
        }
        self.index.get().cloned()
    }

    /// Records the index built or opened by the task, for searches to use.
    fn set_ready(&self, index: Arc<SearchIndex>) {
        let _ = self.index.set(index);
        self.ready.send_replace(true);
    }
}
