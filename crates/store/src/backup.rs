//! Backups: the whole database as one portable archive, and back into an empty database
//! of either kind.
//!
//! Nothing here names a table: tables, columns, keys and foreign keys are read from the
//! database's catalog, so tables added by later migrations are carried too. A backup
//! reads everything in one read transaction (a snapshot: consistent while the site runs)
//! and streams it, a row at a time, into the archive (see [`archive`] for the format).
//! A restore first reads the whole archive and checks its digest without touching the
//! database, then brings the empty database's schema to the archive's version, loads
//! every row in one transaction (checking the digest again before it commits), and only
//! then runs the migrations the archive is older than.

mod archive;
mod catalog;
mod conn;
mod rows;
mod walk;

use std::{
    collections::{BTreeMap, HashMap},
    io::Write,
    path::Path,
    sync::atomic::Ordering,
};

use self::{
    archive::{Header, TableHeader, Value, Writer},
    catalog::Table,
    conn::{Conn, Tx},
    walk::{Step, Walk},
};
use crate::{BeginWrite, Pool, Store, now_millis};

/// Told how far a backup or restore has got, e.g. to draw a progress bar.
pub trait Progress: Send {
    /// A phase of the work begins, with `total` units to do.
    fn phase(&mut self, _phase: Phase, _total: u64) {}
    /// `done` more units of the current phase are done.
    fn advance(&mut self, _done: u64) {}
}

/// No progress shown.
impl Progress for () {}

/// What is being done, and in what unit it is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reading rows out of the database (rows).
    Reading,
    /// Checking the archive from end to end (bytes).
    Checking,
    /// Writing rows into the database (rows).
    Loading,
}

/// What a backup wrote.
#[derive(Clone, Debug)]
pub struct BackupSummary {
    /// The database's schema version (highest migration applied).
    pub schema_version: i64,
    /// Tables copied.
    pub tables: usize,
    /// Rows copied.
    pub rows: u64,
    /// The archive's size.
    pub bytes: u64,
}

/// An archive that was read from end to end and found whole: only [`check_archive`]
/// makes one, and [`Store::restore`] wants one.
#[derive(Clone, Debug)]
pub struct ArchiveInfo {
    /// The schema version of the database it was taken from.
    pub schema_version: i64,
    /// When it was taken (unix milliseconds).
    pub created_at: i64,
    /// Which kind of database it was taken from (`sqlite` or `postgres`).
    pub source: String,
    /// How many tables it holds.
    pub tables: usize,
    /// How many rows it holds.
    pub rows: u64,
    files: BTreeMap<String, String>,
}

impl ArchiveInfo {
    /// A file that was kept beside the database (e.g. the signing key), by name.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }
}

/// What a restore loaded.
#[derive(Clone, Debug)]
pub struct RestoreSummary {
    /// Tables loaded.
    pub tables: usize,
    /// Rows loaded.
    pub rows: u64,
    /// The schema version after the migrations newer than the archive ran.
    pub schema_version: i64,
}

/// Why a restore was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    /// Truncated, altered, or not an altto backup at all. Nothing was written.
    #[error("the archive is damaged or incomplete: {0}; nothing was written")]
    Damaged(String),
    /// Written by a newer altto, whose schema this one does not know. Nothing was written.
    #[error(
        "the archive was written by a newer altto (database schema version {archive}; this altto knows \
         versions up to {known}): upgrade altto, then restore again; nothing was written"
    )]
    Newer {
        /// The archive's schema version.
        archive: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// The database holds rows already. Nothing was written.
    #[error("the database is not empty (the table {table} has rows); nothing was written")]
    NotEmpty {
        /// A table with rows.
        table: String,
    },
    /// The archive names a table or column the database's schema lacks.
    #[error("the archive does not fit this database's schema: {0}; no rows were written")]
    Schema(String),
    /// The archive could not be read.
    #[error("cannot read the archive: {0}")]
    Io(#[source] std::io::Error),
    /// The database failed.
    #[error("{0:#}")]
    Database(#[from] anyhow::Error),
}

impl From<sqlx::Error> for RestoreError {
    fn from(err: sqlx::Error) -> Self {
        RestoreError::Database(err.into())
    }
}

impl Store {
    async fn begin(&self, read_only: bool) -> sqlx::Result<Tx> {
        Ok(match &self.pool {
            // In WAL mode, every read of one transaction sees the same snapshot, while the
            // server goes on writing.
            Pool::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Pool::Postgres(pool) if read_only => {
                Tx::Postgres(pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY").await?)
            }
            Pool::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Writes the whole database — every row of every table but sqlx's own — to `out` as
    /// one archive, with `files` (e.g. the signing key) in its header. Reads one
    /// consistent snapshot while the site goes on running, and holds one row at a time
    /// in memory. Returns `out` after the archive's last byte.
    ///
    /// Writing to `out` blocks the thread: this is meant for the command line.
    pub async fn backup<W: Write + Send>(
        &self,
        out: W,
        files: BTreeMap<String, String>,
        progress: &mut dyn Progress,
    ) -> anyhow::Result<(W, BackupSummary)> {
        let mut tx = self.begin(true).await?;
        let mut conn = tx.conn();
        let schema_version = conn.schema_version().await?.ok_or_else(|| {
            anyhow::anyhow!("the database has no altto schema: there is nothing to back up")
        })?;
        let tables = conn.tables().await?;
        let mut headers = Vec::with_capacity(tables.len());
        for table in &tables {
            headers.push(TableHeader {
                name: table.name.clone(),
                columns: table.columns.iter().map(|c| c.name.clone()).collect(),
                rows: u64::try_from(conn.count(table).await?).unwrap_or(0),
            });
        }
        let rows: u64 = headers.iter().map(|t| t.rows).sum();
        let header = Header {
            format: archive::FORMAT.into(),
            format_version: archive::FORMAT_VERSION,
            schema_version,
            created_at: now_millis(),
            source: match self.backend() {
                crate::Backend::Sqlite => "sqlite".into(),
                crate::Backend::Postgres => "postgres".into(),
            },
            altto_version: env!("CARGO_PKG_VERSION").into(),
            tables: headers,
            files,
        };
        let mut writer = Writer::new(out, &header)?;
        progress.phase(Phase::Reading, rows);
        for table in &tables {
            writer.table(&table.name)?;
            conn.read(table, |values| {
                progress.advance(1);
                writer.row(&values)
            })
            .await?;
        }
        // Read only: ending it either way is the same.
        tx.commit().await?;
        let (out, bytes) = writer.finish()?;
        Ok((out, BackupSummary { schema_version, tables: tables.len(), rows, bytes }))
    }

    /// The first table (sqlx's own aside) that holds a row, if any: a database without
    /// one counts as empty.
    pub async fn first_table_with_rows(&self) -> anyhow::Result<Option<String>> {
        let mut tx = self.begin(true).await?;
        let mut conn = tx.conn();
        for table in conn.tables().await? {
            if conn.has_rows(&table).await? {
                return Ok(Some(table.name));
            }
        }
        Ok(None)
    }

    /// Empties the database completely: every table (and view, sequence, type) goes, so
    /// the schema starts again from the first migration.
    async fn wipe(&self) -> anyhow::Result<()> {
        match &self.pool {
            Pool::Sqlite(pool) => catalog::sqlite_wipe(&mut *pool.acquire().await?).await?,
            Pool::Postgres(pool) => {
                let mut tx = pool.begin_write(&self.writer).await?;
                catalog::postgres_wipe(&mut tx).await?;
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Loads a checked archive (see [`check_archive`]) into this database, which must be
    /// empty unless `force`, which deletes everything in it first. Rows are loaded in
    /// one transaction, committed only if the archive's digest still matches; migrations
    /// newer than the archive run afterwards.
    pub async fn restore(
        &self,
        path: &Path,
        checked: &ArchiveInfo,
        force: bool,
        progress: &mut dyn Progress,
    ) -> Result<RestoreSummary, RestoreError> {
        if let Some(table) = self.first_table_with_rows().await?
            && !force
        {
            return Err(RestoreError::NotEmpty { table });
        }
        // An empty database may still have a schema newer than the archive's: start
        // from nothing either way.
        self.wipe().await?;
        self.migrate_to(checked.schema_version).await?;

        let mut tx = self.begin(false).await?;
        let mut conn = tx.conn();
        match &mut conn {
            // Foreign keys are checked at commit, so a row may come before the row it
            // refers to (PostgreSQL's keys are not deferrable: tables come in order).
            Conn::Sqlite(c) => {
                sqlx::query("PRAGMA defer_foreign_keys = ON").execute(&mut **c).await?.rows_affected()
            }
            Conn::Postgres(c) => {
                sqlx::query("SET CONSTRAINTS ALL DEFERRED").execute(&mut **c).await?.rows_affected()
            }
        };
        let targets: HashMap<String, Table> =
            conn.tables().await?.into_iter().map(|t| (t.name.clone(), t)).collect();
        let mut walk = Walk::open(path)?;
        if walk.header.created_at != checked.created_at
            || walk.header.schema_version != checked.schema_version
        {
            return Err(RestoreError::Damaged("it changed after it was checked".into()));
        }
        for table in &walk.header.tables {
            let target = targets
                .get(&table.name)
                .ok_or_else(|| RestoreError::Schema(format!("no table {}", table.name)))?;
            if let Some(missing) = table.columns.iter().find(|c| target.column(c).is_none()) {
                return Err(RestoreError::Schema(format!("no column {missing} in the table {}", table.name)));
            }
        }
        progress.phase(Phase::Loading, checked.rows);
        let postgres = matches!(conn, Conn::Postgres(_));
        // Rows go in by the batch: one statement per row would take a round trip each.
        let (mut batch, mut weight, mut current) = (Vec::new(), 0, 0);
        loop {
            let step = walk.next()?;
            let switching = match &step {
                Step::Row(table, _) => *table != current,
                Step::Done => true,
            };
            if switching && !batch.is_empty() {
                let table = &walk.header.tables[current];
                load(&mut conn, table, &targets[&table.name], std::mem::take(&mut batch), progress).await?;
                weight = 0;
            }
            let Step::Row(n, values) = step else { break };
            let table = &walk.header.tables[n];
            current = n;
            weight += values.iter().map(Value::weight).sum::<usize>();
            batch.push(values);
            if batch.len() >= rows::batch_rows(table.columns.len(), postgres) || weight >= rows::BATCH_BYTES {
                load(&mut conn, table, &targets[&table.name], std::mem::take(&mut batch), progress).await?;
                weight = 0;
            }
        }
        walk.reader.finish()?;
        if let Conn::Postgres(c) = &mut conn {
            let loaded: Vec<Table> = targets.into_values().collect();
            catalog::postgres_fix_sequences(c, &loaded).await?;
        }
        tx.commit().await?;
        self.migrate().await?;
        let mut tx = self.begin(true).await?;
        let schema_version = tx.conn().schema_version().await?.unwrap_or(checked.schema_version);
        drop(tx);
        Ok(RestoreSummary { tables: checked.tables, rows: checked.rows, schema_version })
    }
}

/// Inserts a batch of rows of `table` into `target`.
async fn load(
    conn: &mut Conn<'_>,
    table: &TableHeader,
    target: &Table,
    batch: Vec<Vec<Value>>,
    progress: &mut dyn Progress,
) -> anyhow::Result<()> {
    let rows = batch.len() as u64;
    conn.insert(target, &table.columns, batch).await?;
    progress.advance(rows);
    Ok(())
}

/// Reads an archive from end to end — checking its layout, every row and its digest —
/// without touching any database: what a restore does first.
pub fn check_archive(path: &Path, progress: &mut dyn Progress) -> Result<ArchiveInfo, RestoreError> {
    let mut walk = Walk::open(path)?;
    progress.phase(Phase::Checking, walk.reader.size);
    let mut reported = 0;
    loop {
        let step = walk.next()?;
        let read = walk.reader.read.load(Ordering::Relaxed);
        progress.advance(read - reported);
        reported = read;
        if let Step::Done = step {
            break;
        }
    }
    let Walk { reader, header, .. } = walk;
    let size = reader.size;
    reader.finish()?;
    progress.advance(size.saturating_sub(reported));
    Ok(ArchiveInfo {
        schema_version: header.schema_version,
        created_at: header.created_at,
        source: header.source,
        tables: header.tables.len(),
        rows: header.tables.iter().map(|t| t.rows).sum(),
        files: header.files,
    })
}
