//! The state every handler can reach: settings, the store, the mailer, the site's
//! secrets and the metrics registry.

use std::sync::Arc;

use altto_store::Store;
use anyhow::Context as _;
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};

use crate::{
    accounts::passwords::Hasher,
    certificates::signing::Signer,
    config::Settings,
    content::{page_cache::VisitorPages, published::Publications},
    courses::CourseCache,
    glossary::Glossary,
    library::LibraryCache,
    mail::Mailer,
    ops::metrics::Metrics,
    search::Search,
    workers::Workers,
};

/// Shared, cheaply cloned application state (one reference count: the router clones it
/// for every middleware of every request). Built once per server (and once per test),
/// never global, so tests can run side by side with different settings.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] holds.
pub struct Shared {
    /// The configuration the server started with.
    pub settings: Arc<Settings>,
    /// The database.
    pub store: Store,
    /// Outgoing mail.
    pub mailer: Arc<Mailer>,
    /// Keys shared by every node through the database.
    pub secrets: Arc<Secrets>,
    /// Request counters and latency histograms for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// Which revision of each document the public sees (every cache of published
    /// content follows it).
    pub published: Arc<Publications>,
    /// Visitors' pages of published documents, rendered and compressed.
    pub pages: Arc<VisitorPages>,
    /// Members' first pages of forum threads, shared and kept for a moment.
    pub thread_pages: Arc<crate::community::forum::stitched::ThreadPages>,
    /// Published course revisions, parsed and rendered.
    pub courses: Arc<CourseCache>,
    /// Published glossary terms, their pages and the linker of terms in texts.
    pub glossary: Arc<Glossary>,
    /// Published articles and posts, listed and rendered.
    pub library: Arc<LibraryCache>,
    /// The certificate signing key.
    pub signer: Arc<Signer>,
    /// Password hashing and checking, bounded for the whole process.
    pub passwords: Arc<Hasher>,
    /// Where Markdown is rendered, bounded for the whole process.
    pub markdown: Arc<Workers>,
    /// This node's search index.
    pub search: Arc<Search>,
}

/// Site-wide secrets. Created on first start and stored in the database, so every node
/// uses the same ones; never logged.
pub struct Secrets {
    /// Key for CSRF tokens.
    pub csrf_key: Vec<u8>,
}

impl AppState {
    /// State for a server using `store` with `settings`; loads (or creates) the secrets.
    pub async fn build(settings: Settings, store: Store) -> anyhow::Result<Self> {
        let csrf_key = secret(&store, "csrf_key").await?;
        let mailer = Mailer::new(&settings)?;
        let signer = Signer::load_or_create(&settings, &store).await?;
        let markdown = Arc::new(Workers::for_this_machine("markdown"));
        let published = Arc::new(Publications::default());
        let glossary = Arc::new(Glossary::new(markdown.clone(), published.clone()));
        let settings_data_dir = settings.data_dir.clone();
        Ok(Self(Arc::new(Shared {
            settings: Arc::new(settings),
            store,
            mailer: Arc::new(mailer),
            secrets: Arc::new(Secrets { csrf_key }),
            metrics: Arc::new(Metrics::new()),
            published: published.clone(),
            pages: Arc::default(),
            thread_pages: Arc::default(),
            courses: Arc::new(CourseCache::new(markdown.clone(), published.clone(), glossary.clone())),
            library: Arc::new(LibraryCache::new(markdown.clone(), published, glossary.clone())),
            glossary,
            signer: Arc::new(signer),
            passwords: Arc::new(Hasher::for_this_machine()),
            search: Arc::new(Search::new(crate::search::folder(&settings_data_dir))),
            markdown,
        })))
    }
}

/// The secret stored under `name`, created on first use. The insert keeps an existing
/// value, so nodes starting at the same moment still end up with the same secret.
async fn secret(store: &Store, name: &str) -> anyhow::Result<Vec<u8>> {
    if store.setting(name).await?.is_none() {
        store.insert_setting_if_absent(name, &crate::random::token()).await?;
    }
    let encoded = store.setting(name).await?.context("the secret was not stored")?;
    URL_SAFE_NO_PAD.decode(encoded).with_context(|| format!("the stored secret {name} is corrupt"))
}
