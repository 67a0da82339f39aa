//! Opening the database: URL parsing, per-backend connection settings and migrations.

use std::{fmt, str::FromStr, time::Duration};

use anyhow::Context as _;
use sqlx::{
    ConnectOptions as _,
    migrate::Migrator,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::{Pool, Store};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// The two databases altto runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default: one file in the data folder.
    Sqlite,
    /// The scale-out store shared by several nodes.
    Postgres,
}

/// A database URL that names a backend altto supports.
///
/// Its `Display` and `Debug` forms hide the password, so it can be logged and shown in
/// error messages.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    raw: String,
    backend: Backend,
}

/// Why a database URL was refused.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseUrlError {
    /// Not a URL at all.
    #[error("the database URL is malformed ({0}); expected sqlite://PATH or postgres://USER@HOST/DB")]
    Malformed(String),
    /// A URL, but not for SQLite or PostgreSQL.
    #[error("unsupported database URL scheme {0:?}; expected sqlite:// or postgres://")]
    Scheme(String),
}

impl DatabaseUrl {
    /// Checks that `raw` is a SQLite or PostgreSQL URL.
    pub fn parse(raw: &str) -> Result<Self, DatabaseUrlError> {
        let raw = raw.trim();
        let scheme = raw
            .split_once(':')
            .map(|(scheme, _)| scheme.to_ascii_lowercase())
            .ok_or_else(|| DatabaseUrlError::Malformed("no scheme".into()))?;
        let backend = match scheme.as_str() {
            "sqlite" => Backend::Sqlite,
            "postgres" | "postgresql" => {
                let url = url::Url::parse(raw).map_err(|err| DatabaseUrlError::Malformed(err.to_string()))?;
                if url.host_str().is_none_or(str::is_empty) {
                    return Err(DatabaseUrlError::Malformed("no host".into()));
                }
                Backend::Postgres
            }
            other => return Err(DatabaseUrlError::Scheme(other.to_owned())),
        };
        Ok(Self { raw: raw.to_owned(), backend })
    }

    /// A SQLite URL for the database file at `path`, created if missing.
    pub fn sqlite_file(path: &std::path::Path) -> Self {
        Self { raw: format!("sqlite://{}", path.display()), backend: Backend::Sqlite }
    }

    /// Which backend the URL names.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The host (and port) for PostgreSQL, the file path for SQLite: what an operator
    /// needs to see in an error message.
    pub fn location(&self) -> String {
        match self.backend {
            Backend::Sqlite => self.raw.trim_start_matches("sqlite:").trim_start_matches("//").to_owned(),
            Backend::Postgres => match url::Url::parse(&self.raw) {
                Ok(url) => format!("{}:{}", url.host_str().unwrap_or_default(), url.port().unwrap_or(5432)),
                Err(_) => "?".to_owned(),
            },
        }
    }

    /// The database file, for SQLite.
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        (self.backend == Backend::Sqlite).then(|| {
            let location = self.location();
            let path = location.split_once('?').map_or(location.as_str(), |(path, _)| path);
            std::path::PathBuf::from(path)
        })
    }

    /// The URL as given, password included: only for handing to a database driver or
    /// a child process, never for logs or messages.
    pub fn expose(&self) -> &str {
        &self.raw
    }

    /// The URL with the password replaced by `***`.
    pub fn redacted(&self) -> String {
        match url::Url::parse(&self.raw) {
            Ok(mut url) if url.password().is_some() => {
                // Setting a password only fails for URLs that cannot have one.
                let _ = url.set_password(Some("***"));
                url.to_string()
            }
            _ => self.raw.clone(),
        }
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

/// How to open the database.
#[derive(Clone, Debug)]
pub struct ConnectOptions {
    /// Where the database is.
    pub url: DatabaseUrl,
    /// Most connections the pool keeps open. `None` picks a default per backend.
    pub max_connections: Option<u32>,
    /// How long a query waits for a connection before the database counts as
    /// unavailable. `None` picks a default per backend: one second for PostgreSQL, so
    /// that an outage is answered at once with a 503 rather than after a long wait;
    /// five for SQLite, whose connections are only ever busy, never gone.
    pub acquire_timeout: Option<Duration>,
    /// How long starting up waits for the database to answer for the first time.
    pub first_connect_timeout: Duration,
    /// Whether a statement taking over a second is logged as a warning. Off for a
    /// backup, whose reads each stream a whole table and are slow by design.
    pub warn_of_slow_statements: bool,
}

impl ConnectOptions {
    /// Default options for `url`.
    pub fn new(url: DatabaseUrl) -> Self {
        Self {
            url,
            max_connections: None,
            acquire_timeout: None,
            first_connect_timeout: Duration::from_secs(5),
            warn_of_slow_statements: true,
        }
    }
}

impl Store {
    /// Opens a pool and checks that the database answers.
    ///
    /// SQLite files are created when missing and opened in WAL mode with full
    /// synchronisation, so every acknowledged write survives a crash or power loss.
    pub async fn connect(options: &ConnectOptions) -> anyhow::Result<Store> {
        let url = &options.url;
        let slow = match options.warn_of_slow_statements {
            true => tracing::log::LevelFilter::Warn,
            false => tracing::log::LevelFilter::Off,
        };
        let pool = match url.backend() {
            Backend::Sqlite => {
                let connect = SqliteConnectOptions::from_str(&url.raw)
                    .with_context(|| format!("the SQLite URL {url} is malformed"))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    .pragma("temp_store", "memory")
                    // 512 KiB of page cache per connection (SQLite's default is 2 MiB):
                    // the hottest reads are kept in memory above it (see `hot`), and the
                    // operating system keeps the file's pages besides, so more mostly
                    // costs memory.
                    .pragma("cache_size", "-512")
                    .log_statements(tracing::log::LevelFilter::Trace)
                    .log_slow_statements(slow, Duration::from_secs(1));
                let pool = SqlitePoolOptions::new()
                    .max_connections(options.max_connections.unwrap_or(4))
                    .min_connections(1)
                    .acquire_timeout(options.acquire_timeout.unwrap_or(Duration::from_secs(5)))
                    .connect_with(connect)
                    .await
                    .with_context(|| format!("cannot open the SQLite database at {}", url.location()))?;
                Pool::Sqlite(pool)
            }
            Backend::Postgres => {
                // A schema other than `public` can be chosen in the URL:
                // `?options=-c%20search_path%3Dmyschema` (the tests give each test its own).
                let connect = PgConnectOptions::from_str(&url.raw)
                    .with_context(|| format!("the PostgreSQL URL {url} is malformed"))?
                    .application_name("altto")
                    .log_statements(tracing::log::LevelFilter::Trace)
                    .log_slow_statements(slow, Duration::from_secs(1));
                let pool = PgPoolOptions::new()
                    .max_connections(options.max_connections.unwrap_or(16))
                    .acquire_timeout(options.acquire_timeout.unwrap_or(Duration::from_secs(1)))
                    .connect_lazy_with(connect);
                // The first contact may wait longer than a request would: a server and
                // its database are often started together.
                let started = std::time::Instant::now();
                loop {
                    match sqlx::query("SELECT 1").execute(&pool).await {
                        Ok(_) => break,
                        Err(_) if started.elapsed() < options.first_connect_timeout => {
                            tokio::time::sleep(Duration::from_millis(200)).await;
                        }
                        Err(err) => {
                            return Err(anyhow::Error::new(err).context(format!(
                                "cannot connect to PostgreSQL at {} ({url})",
                                url.location()
                            )));
                        }
                    }
                }
                Pool::Postgres(pool)
            }
        };
        // One SQLite file means one server process, which sees every write (see `hot`).
        let writer = crate::WriteTurn::default();
        let (hot, group) = match &pool {
            Pool::Sqlite(sqlite) => (
                Some(std::sync::Arc::new(crate::hot::Hot::new())),
                Some(std::sync::Arc::new(crate::group_commit::GroupCommit::start(
                    sqlite.clone(),
                    writer.clone(),
                ))),
            ),
            Pool::Postgres(_) => (None, None),
        };
        Ok(Store {
            pool,
            hot,
            group,
            published_version: Default::default(),
            reach: Default::default(),
            writer,
        })
    }

    /// Brings the schema up to date. Safe to run on every start and from several nodes
    /// at once: PostgreSQL migrations take an advisory lock.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
        }
        .context("cannot bring the database schema up to date")
    }

    /// Brings the schema up to `version` only: for tests that load data in an older
    /// schema and check what the later migrations make of it.
    pub async fn migrate_to(&self, version: i64) -> anyhow::Result<()> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run_to(version, pool).await,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run_to(version, pool).await,
        }
        .context("cannot bring the database schema up to the version asked for")
    }

    /// The migration versions each backend ships, for the test that keeps them in step.
    pub fn migration_versions() -> (Vec<i64>, Vec<i64>) {
        let versions = |m: &Migrator| m.iter().map(|m| m.version).collect();
        (versions(&SQLITE_MIGRATIONS), versions(&POSTGRES_MIGRATIONS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_ship_the_same_migration_versions() {
        let (sqlite, postgres) = Store::migration_versions();
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, postgres);
    }

    #[test]
    fn a_postgres_url_hides_its_password_when_shown() {
        let url = DatabaseUrl::parse("postgres://altto:s3cret@db.example:6543/altto").unwrap();
        assert_eq!(url.backend(), Backend::Postgres);
        assert_eq!(url.to_string(), "postgres://altto:***@db.example:6543/altto");
        assert!(!format!("{url:?}").contains("s3cret"));
        assert_eq!(url.location(), "db.example:6543");
    }

    #[test]
    fn unsupported_or_malformed_urls_are_refused_with_a_reason() {
        assert!(matches!(DatabaseUrl::parse("mysql://x/y"), Err(DatabaseUrlError::Scheme(_))));
        assert!(matches!(DatabaseUrl::parse("not a url"), Err(DatabaseUrlError::Malformed(_))));
        assert!(matches!(DatabaseUrl::parse("postgres://"), Err(DatabaseUrlError::Malformed(_))));
        assert_eq!(DatabaseUrl::parse("sqlite://data/a.db").unwrap().backend(), Backend::Sqlite);
    }
}
