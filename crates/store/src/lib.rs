//! altto's storage layer.
//!
//! One [`Store`] runs the same SQL statements on SQLite (the embedded default) and on
//! PostgreSQL (the scale-out store). The backend is chosen at run time from the database
//! URL; both drivers are compiled in. Statements are written once with `$1`-style
//! placeholders, which both backends understand; the few backend-specific parts
//! (connection pragmas, migrations) live in [`connect`].
//!
//! Conventions that keep one statement portable: timestamps are `BIGINT` unix
//! milliseconds, booleans are `INTEGER` 0/1, identifiers are `BIGINT` or `TEXT`.

mod audit;
pub mod backup;
mod bulk;
mod certificates;
mod connect;
mod courses;
mod directory;
mod documents;
mod error;
pub mod forum;
mod group_commit;
mod hot;
mod limits;
mod mail;
mod media;
mod messages;
mod messages_safety;
mod newsletter;
mod notices;
mod notifications;
mod page;
mod people;
mod progress;
mod reachability;
mod search;
mod sessions;
mod settings;
mod tokens;
mod topics;
mod users;

pub use audit::{AuditEntry, NewAuditEntry};
pub use bulk::{SeedAttempt, SeedPost, SeedProgress, SeedThread, SeedUser};
pub use certificates::Certificate;
pub use connect::{Backend, ConnectOptions, DatabaseUrl, DatabaseUrlError};
pub use directory::{DirectoryEntry, DirectoryFilter};
pub use documents::{
    DocumentKind, DocumentRef, DocumentRow, NewReviewNote, PublishedDocument, ReviewNote, ReviewState,
    Revision, RevisionInfo, Workflow,
};
pub use error::{StoreError, StoreResult};
pub use forum::{
    About, Category, CategoryFields, CategorySummary, FlaggedReport, NewPost, NewResource, NewThread,
    OwnPost, POST_HIDDEN, POST_PUBLISHED, POST_WAITING, PostRevision, PostView, QueuedPost, ReaderMarks,
    RecentPost, ResourceFilter, ResourceOrder, ResourceView, Thread, ThreadSplit,
};
pub use mail::{FailedMail, MailKind, QueuedMail};
pub use media::{CHUNK_BYTES, MediaInfo, sha256_hex};
pub use messages::{Conversation, ConversationId, ConversationSummary, Message, MessageId, OwnMessage};
pub use messages_safety::{BlockedMember, NewReport, TrustFacts};
pub use newsletter::{Delivery, Issue, IssueDraft, Subscriber, SubscriberCounts, SubscriberStatus};
pub use notices::{DigestDue, DigestMail, NoticePrefs};
pub use notifications::{NEW_POST, NewMail, NewNotice, Notification, Tidings};
pub use page::{Cursor, CursorError, Page, PageRequest};
pub use people::Person;
pub use progress::{LessonProgress, MergedLesson, QuizAttempt, Reflection};
pub use reachability::RETRY_AFTER_MS;
pub use search::{PostScope, SearchChange, SearchableMember, SearchablePost};
pub use sessions::Session;
pub use tokens::{ApiToken, Redemption, TokenGrant, TokenPurpose, UsedToken};
pub use topics::Topic;
pub use users::{AccountStatus, Grants, NewUser, ProfileUpdate, Role, User, UserId, Visibility};

use sqlx::{PgPool, SqlitePool};

/// A handle to the database: cheap to clone, shared by every request.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    /// Copies of the hottest reads, on SQLite only (see [`hot`]).
    hot: Option<std::sync::Arc<hot::Hot>>,
    /// The writer of learners' progress, on SQLite only (see [`group_commit`]).
    group: Option<std::sync::Arc<group_commit::GroupCommit>>,
    /// Bumped whenever this process changes what the public sees of any document.
    published_version: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Whether the database can be reached (see [`reachability`]).
    reach: std::sync::Arc<reachability::Reachability>,
    /// The turn of this process's writers (see [`BeginWrite`]).
    writer: WriteTurn,
}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Beginning a transaction that writes, the same way in statements written for both
/// backends (`pool.begin_write(&self.writer)` in an [`on_pool!`] body).
///
/// On SQLite the transaction takes the write lock when it begins (`BEGIN IMMEDIATE`):
/// one that began by reading and then wrote would, when another connection (another
/// node starting, `altto` run beside the server) wrote in between, fail at once with
/// "database is locked" instead of waiting its turn. On PostgreSQL it is a plain `BEGIN`.
///
/// On SQLite, the process's writers also take turns at [`WriteTurn`] first: SQLite's
/// own wait for a busy lock sleeps (1 ms, 2 ms, 5 ms, … between tries) while holding a
/// pooled connection, which under many concurrent writes left the lock idle most of
/// the time; a queue in the process hands the turn on the moment a commit ends.
pub(crate) trait BeginWrite {
    /// The database.
    type Db: sqlx::Database;

    /// Begins a transaction that will write, after taking its turn at `turn`.
    fn begin_write(
        &self,
        turn: &WriteTurn,
    ) -> impl std::future::Future<Output = sqlx::Result<WriteTx<Self::Db>>> + Send;
}

/// The turn of this process's writers to the SQLite file, one at a time.
#[derive(Clone, Debug, Default)]
pub(crate) struct WriteTurn(std::sync::Arc<tokio::sync::Mutex<()>>);

impl WriteTurn {
    /// Waits for the turn; it is handed on when the guard is dropped.
    pub async fn take(&self) -> tokio::sync::OwnedMutexGuard<()> {
        self.0.clone().lock_owned().await
    }
}

/// A transaction that writes, holding its writer's turn until it ends. It reads as the
/// connection (`&mut *tx`), like [`sqlx::Transaction`].
pub(crate) struct WriteTx<Db: sqlx::Database> {
    tx: sqlx::Transaction<'static, Db>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl<Db: sqlx::Database> WriteTx<Db> {
    /// Commits, then hands the turn on.
    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }

    /// Undoes what it wrote, then hands the turn on (as dropping it does, without
    /// waiting for the rollback).
    pub async fn rollback(self) -> sqlx::Result<()> {
        self.tx.rollback().await
    }
}

impl<Db: sqlx::Database> std::ops::Deref for WriteTx<Db> {
    type Target = Db::Connection;

    fn deref(&self) -> &Db::Connection {
        &self.tx
    }
}

impl<Db: sqlx::Database> std::ops::DerefMut for WriteTx<Db> {
    fn deref_mut(&mut self) -> &mut Db::Connection {
        &mut self.tx
    }
}

impl BeginWrite for SqlitePool {
    type Db = sqlx::Sqlite;

    async fn begin_write(&self, turn: &WriteTurn) -> sqlx::Result<WriteTx<Self::Db>> {
        let turn = turn.take().await;
        let tx = self.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx { tx, _turn: Some(turn) })
    }
}

impl BeginWrite for PgPool {
    type Db = sqlx::Postgres;

    async fn begin_write(&self, _turn: &WriteTurn) -> sqlx::Result<WriteTx<Self::Db>> {
        Ok(WriteTx { tx: self.begin().await?, _turn: None })
    }
}

/// Runs the same expression, which yields a `sqlx::Result`, against whichever pool the
/// store holds — or fails at once while the database is known to be unreachable.
///
/// The body is compiled once per backend, so a statement written in it must be valid
/// SQL for both; the both-database test suite is the check. Both arms must yield the
/// same type: map `execute` results to `rows_affected()`.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {{
        let store: &$crate::Store = &$store;
        if store.reach.refuses() {
            Err(sqlx::Error::PoolTimedOut)
        } else {
            let result = match &store.pool {
                $crate::Pool::Sqlite($pool) => $body,
                $crate::Pool::Postgres($pool) => $body,
            };
            store.reach.observe(&result, store.has_room());
            result
        }
    }};
}
pub(crate) use on_pool;

impl Store {
    /// Which database this store talks to.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Checks that the database answers a trivial query.
    pub async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("SELECT 1").execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The published-content version: a number that changes whenever this process
    /// publishes, unpublishes or archives a document of any kind. Every cache of what
    /// is published watches it (and reads again at least every second, for changes
    /// made by other nodes): a cache is stale once it differs.
    pub fn published_version(&self) -> u64 {
        self.published_version.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Notes that which documents are published, or which revision, changed.
    fn published_changed(&self) {
        self.published_version.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// Forgets the in-memory copies of a member's account and sessions.
    fn forget_account(&self, user: UserId) {
        if let Some(hot) = &self.hot {
            hot.forget_account(user);
        }
    }

    /// Forgets the in-memory copies of a member's progress.
    fn forget_progress(&self, user: UserId) {
        if let Some(hot) = &self.hot {
            hot.forget_progress(user);
        }
    }

    /// Closes every connection; later queries fail as "unavailable".
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }

    /// Whether the pool holds fewer connections than it may (so a time-out waiting for
    /// one means a new one could not be opened).
    fn has_room(&self) -> bool {
        match &self.pool {
            Pool::Sqlite(pool) => pool.size() < pool.options().get_max_connections(),
            Pool::Postgres(pool) => pool.size() < pool.options().get_max_connections(),
        }
    }

    /// Whether the last attempt to reach the database failed (and none has succeeded
    /// since): what is kept in memory may then be served instead.
    pub fn is_unreachable(&self) -> bool {
        self.reach.is_down()
    }
}

/// The current time as unix milliseconds, the timestamp format of every table.
pub fn now_millis() -> i64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(now.as_millis()).unwrap_or(i64::MAX)
}
