//! The state every handler can reach: settings, the store and the metrics registry.

use std::sync::Arc;

use altto_store::Store;

use crate::{config::Settings, ops::metrics::Metrics};

/// Shared, cheaply cloned application state. Built once per server (and once per test),
/// never global, so tests can run side by side with different settings.
#[derive(Clone)]
pub struct AppState {
    /// The configuration the server started with.
    pub settings: Arc<Settings>,
    /// The database.
    pub store: Store,
    /// Request counters and latency histograms for `/metrics`.
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// State for a server using `store` with `settings`.
    pub fn new(settings: Settings, store: Store) -> Self {
        Self { settings: Arc::new(settings), store, metrics: Arc::new(Metrics::new()) }
    }
}
