//! Starting and stopping: logging, the data folder, the database, the listener and
//! graceful shutdown.

use std::net::SocketAddr;

use altto_store::Store;
use anyhow::Context as _;
use tokio::net::TcpListener;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

use crate::{
    config::{LogFormat, Settings},
    state::AppState,
};

/// Sets up logging. `ALTTO_LOG` (or `RUST_LOG`) picks what is logged, e.g. `debug`.
pub fn init_tracing(format: LogFormat) {
    let filter = std::env::var("ALTTO_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .ok()
        .and_then(|spec| EnvFilter::try_new(spec).ok())
        .unwrap_or_else(|| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let registry = tracing_subscriber::registry().with(filter);
    // A second initialisation (only possible in tests) keeps the first.
    let _ = match format {
        LogFormat::Text => registry.with(fmt::layer().with_target(false)).try_init(),
        LogFormat::Json => registry.with(fmt::layer().json()).try_init(),
    };
}

/// Opens the database named by `settings` and brings its schema up to date.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    settings.prepare_data_dir()?;
    let options = settings.connect_options()?;
    let store = Store::connect(&options).await?;
    store.migrate().await?;
    Ok(store)
}

/// Loads what a new site starts with, each part only when the site has none of it
/// yet: the starter course, the glossary, the library and news, the forum's
/// categories and the newsletter archive.
pub async fn load_starter_content(store: &Store) -> anyhow::Result<()> {
    if crate::courses::library::load_starter_course(store).await? {
        tracing::info!("loaded the starter course ALT Essentials");
    }
    if crate::glossary::starter::load_starter_glossary(store).await? {
        tracing::info!("loaded the starter glossary");
    }
    let texts = crate::library::starter::load_once(store).await?;
    if texts > 0 {
        tracing::info!(texts, "loaded the starter library and news");
    }
    let categories = crate::community::load_once(store).await?;
    if categories > 0 {
        tracing::info!(categories, "added the default forum categories");
    }
    let issues = crate::newsletter::starter::load_once(store).await?;
    if issues > 0 {
        tracing::info!(issues, "loaded the starter newsletter archive");
    }
    Ok(())
}

/// `altto serve`: runs the site until SIGINT or SIGTERM, then finishes the requests in
/// flight and exits.
pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    settings.prepare_data_dir()?;
    let _only_server = lock_sqlite_database(&settings.database_url()?)?;
    let store = open_store(&settings).await?;
    load_starter_content(&store).await?;
    let listener = bind(settings.bind).await?;
    let address = listener.local_addr().context("cannot read the listening address")?;
    tracing::info!(
        database = %settings.database_url()?,
        "altto is running: open http://{address}/ in your browser (Ctrl+C stops it)"
    );
    let state = AppState::build(settings, store.clone()).await?;
    // The search index is opened, or built when it is missing, in the background.
    state.search.start(&state);
    let worker = tokio::spawn(state.mailer.clone().run_worker(store.clone()));
    // An issue left half-queued by a stop or crash is finished (no copy twice).
    tokio::spawn(crate::newsletter::sending::resume_all(state.clone()));
    // Members' digests of notices, sent when due (see `notifications::digest`).
    tokio::spawn(crate::notifications::digest::run_worker(state.clone()));
    let app = crate::app::router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped unexpectedly")?;
    // Queued mail is in the database; the next start sends whatever is left.
    worker.abort();
    store.close().await;
    tracing::info!("altto stopped");
    Ok(())
}

/// On SQLite, makes sure no other `altto serve` uses the same database file: the
/// in-memory copies of sessions and progress rely on this process seeing every write.
/// The lock (on `<database>.lock`, beside the database) is held until the returned file
/// is dropped, and the operating system releases it if the process dies. Command-line
/// tools run beside the server take no lock.
pub fn lock_sqlite_database(url: &altto_store::DatabaseUrl) -> anyhow::Result<Option<std::fs::File>> {
    let Some(database) = url.sqlite_path() else { return Ok(None) };
    let mut name = database.clone().into_os_string();
    name.push(".lock");
    let path = std::path::PathBuf::from(name);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot create the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
            "another altto is already serving the database {} (it holds {}); stop it first — to run \
             several servers, use PostgreSQL",
            database.display(),
            path.display()
        ),
        Err(std::fs::TryLockError::Error(err)) => {
            Err(anyhow::Error::new(err).context(format!("cannot lock {}", path.display())))
        }
    }
}

/// Binds the listening socket, explaining the usual reasons it fails.
pub async fn bind(address: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(address).await.map_err(|err| {
        let hint = match err.kind() {
            std::io::ErrorKind::AddrInUse => {
                " (another program, perhaps another altto, is using it; choose another with --bind)"
            }
            std::io::ErrorKind::PermissionDenied => " (ports below 1024 need extra privileges; try 8080)",
            _ => "",
        };
        anyhow::anyhow!("cannot listen on {address}: {err}{hint}")
    })
}

async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
