//! One transaction and its connection on either backend, with the catalog and row
//! calls of each behind one name.

use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection, Transaction};

use super::{
    archive::Value,
    catalog::{self, Table},
    rows,
};

/// A transaction on either backend.
pub(super) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A connection on either backend, borrowed from a [`Tx`].
pub(super) enum Conn<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

impl Tx {
    pub(super) fn conn(&mut self) -> Conn<'_> {
        match self {
            Tx::Sqlite(tx) => Conn::Sqlite(tx),
            Tx::Postgres(tx) => Conn::Postgres(tx),
        }
    }

    pub(super) async fn commit(self) -> sqlx::Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }
}

impl Conn<'_> {
    pub(super) async fn tables(&mut self) -> sqlx::Result<Vec<Table>> {
        match self {
            Conn::Sqlite(c) => catalog::sqlite_tables(c).await,
            Conn::Postgres(c) => catalog::postgres_tables(c).await,
        }
    }

    pub(super) async fn schema_version(&mut self) -> sqlx::Result<Option<i64>> {
        match self {
            Conn::Sqlite(c) => catalog::sqlite_schema_version(c).await,
            Conn::Postgres(c) => catalog::postgres_schema_version(c).await,
        }
    }

    pub(super) async fn count(&mut self, table: &Table) -> sqlx::Result<i64> {
        let text = catalog::sql(format!("SELECT COUNT(*) FROM {}", catalog::quote(&table.name)));
        match self {
            Conn::Sqlite(c) => sqlx::query_scalar(text).fetch_one(&mut **c).await,
            Conn::Postgres(c) => sqlx::query_scalar(text).fetch_one(&mut **c).await,
        }
    }

    pub(super) async fn has_rows(&mut self, table: &Table) -> sqlx::Result<bool> {
        let text = catalog::sql(format!("SELECT EXISTS (SELECT 1 FROM {})", catalog::quote(&table.name)));
        match self {
            Conn::Sqlite(c) => sqlx::query_scalar(text).fetch_one(&mut **c).await,
            Conn::Postgres(c) => sqlx::query_scalar(text).fetch_one(&mut **c).await,
        }
    }

    pub(super) async fn read(
        &mut self,
        table: &Table,
        each: impl FnMut(Vec<Value>) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        match self {
            Conn::Sqlite(c) => rows::sqlite_read(c, table, each).await,
            Conn::Postgres(c) => rows::postgres_read(c, table, each).await,
        }
    }

    pub(super) async fn insert(
        &mut self,
        table: &Table,
        columns: &[String],
        batch: Vec<Vec<Value>>,
    ) -> anyhow::Result<()> {
        match self {
            Conn::Sqlite(c) => rows::sqlite_insert(c, table, columns, batch).await,
            Conn::Postgres(c) => rows::postgres_insert(c, table, columns, batch).await,
        }
    }
}
