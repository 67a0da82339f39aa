//! What tables and columns a database has, read from its catalog, so that a backup
//! carries every table — including those added by migrations written after this file —
//! without a list of them here.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{PgConnection, SqliteConnection};

/// sqlx's own bookkeeping: recreated by migrating, never copied.
pub(super) const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// Tables a backup leaves out: sqlx's bookkeeping, and the search index's queue of
/// changes (derived from the other tables, and refilled by their triggers as a restore
/// loads them).
const NOT_COPIED: [&str; 2] = [MIGRATIONS_TABLE, "search_changes"];

/// A column and how to carry its values.
#[derive(Clone, Debug)]
pub(super) struct Column {
    pub name: String,
    /// The PostgreSQL type (`udt_name`, e.g. `int8`, `bool`); `None` on SQLite, where a
    /// value's own type is what counts.
    pub pg_type: Option<String>,
}

/// A table with what a backup needs to know of it.
#[derive(Clone, Debug)]
pub(super) struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// Primary-key columns, in key order: rows are read in this order, so rows of a
    /// table that refers to itself usually come after the rows they refer to.
    pub primary_key: Vec<String>,
    /// Tables this one has foreign keys to.
    pub parents: BTreeSet<String>,
}

impl Table {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// `name` as a quoted SQL identifier (valid on both backends).
pub(super) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// SQL text built from identifiers read from the catalog (each quoted with [`quote`]).
pub(super) fn sql(text: String) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(text)
}

/// The tables of a SQLite database (its `main` schema), parents before children.
pub(super) async fn sqlite_tables(conn: &mut SqliteConnection) -> sqlx::Result<Vec<Table>> {
    // `pragma_table_list` also names virtual tables and their shadow tables (full-text
    // indexes): those are rebuilt, not copied, and have no PostgreSQL counterpart.
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut tables = Vec::new();
    for name in names.into_iter().filter(|n| !n.starts_with("sqlite_") && !NOT_COPIED.contains(&n.as_str())) {
        // `pragma_table_info` leaves generated columns out: they are computed, not stored.
        let columns: Vec<(String, i64)> =
            sqlx::query_as("SELECT name, pk FROM pragma_table_info($1) ORDER BY cid")
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
        let mut key: Vec<(i64, String)> =
            columns.iter().filter(|(_, pk)| *pk > 0).map(|(n, pk)| (*pk, n.clone())).collect();
        key.sort();
        let parents: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)")
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
        tables.push(Table {
            columns: columns.into_iter().map(|(name, _)| Column { name, pg_type: None }).collect(),
            primary_key: key.into_iter().map(|(_, n)| n).collect(),
            parents: parents.into_iter().filter(|p| *p != name).collect(),
            name,
        });
    }
    Ok(in_load_order(tables))
}

/// The tables of the PostgreSQL schema in use (`current_schema()`, which the search
/// path picks), parents before children.
pub(super) async fn postgres_tables(conn: &mut PgConnection) -> sqlx::Result<Vec<Table>> {
    let columns: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.udt_name::text \
         FROM information_schema.columns c JOIN information_schema.tables t \
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
           AND c.is_generated = 'NEVER' \
         ORDER BY c.table_name, c.ordinal_position",
    )
    .fetch_all(&mut *conn)
    .await?;
    let keys: Vec<(String, String)> = sqlx::query_as(
        "SELECT k.table_name::text, k.column_name::text \
         FROM information_schema.table_constraints c JOIN information_schema.key_column_usage k \
           ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name \
         WHERE c.table_schema = current_schema() AND c.constraint_type = 'PRIMARY KEY' \
         ORDER BY k.table_name, k.ordinal_position",
    )
    .fetch_all(&mut *conn)
    .await?;
    let references: Vec<(String, String)> = sqlx::query_as(
        "SELECT child.relname::text, parent.relname::text FROM pg_constraint k \
         JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid \
         JOIN pg_namespace n ON n.oid = child.relnamespace \
         WHERE k.contype = 'f' AND n.nspname = current_schema()",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for (table, column, pg_type) in columns {
        tables
            .entry(table.clone())
            .or_insert_with(|| Table {
                name: table,
                columns: Vec::new(),
                primary_key: Vec::new(),
                parents: BTreeSet::new(),
            })
            .columns
            .push(Column { name: column, pg_type: Some(pg_type) });
    }
    for (table, column) in keys {
        if let Some(t) = tables.get_mut(&table) {
            t.primary_key.push(column);
        }
    }
    for (child, parent) in references {
        if let Some(t) = tables.get_mut(&child).filter(|_| child != parent) {
            t.parents.insert(parent);
        }
    }
    tables.retain(|name, _| !NOT_COPIED.contains(&name.as_str()));
    Ok(in_load_order(tables.into_values().collect()))
}

/// Orders tables so that each comes after the tables it refers to (a cycle, which no
/// altto migration makes, is broken by name order; SQLite then still loads it, as foreign
/// keys are checked at commit there).
fn in_load_order(mut pending: Vec<Table>) -> Vec<Table> {
    pending.sort_by(|a, b| a.name.cmp(&b.name));
    let known: BTreeSet<String> = pending.iter().map(|t| t.name.clone()).collect();
    let mut placed = BTreeSet::new();
    let mut ordered = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let ready = pending
            .iter()
            .position(|t| t.parents.iter().all(|p| placed.contains(p) || !known.contains(p)))
            .unwrap_or(0);
        let table = pending.remove(ready);
        placed.insert(table.name.clone());
        ordered.push(table);
    }
    ordered
}

/// The highest migration applied, `None` when the database has none.
pub(super) async fn sqlite_schema_version(conn: &mut SqliteConnection) -> sqlx::Result<Option<i64>> {
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1)")
            .bind(MIGRATIONS_TABLE)
            .fetch_one(&mut *conn)
            .await?;
    if !exists {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(&mut *conn).await
}

/// The highest migration applied, `None` when the database has none.
pub(super) async fn postgres_schema_version(conn: &mut PgConnection) -> sqlx::Result<Option<i64>> {
    let exists: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_name = $1)",
    )
    .bind(MIGRATIONS_TABLE)
    .fetch_one(&mut *conn)
    .await?;
    if !exists {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(&mut *conn).await
}

/// Empties a SQLite database completely: every table, view and trigger, so that
/// migrations start from nothing.
pub(super) async fn sqlite_wipe(conn: &mut SqliteConnection) -> sqlx::Result<()> {
    // Off for the drops only (it cannot change inside a transaction): otherwise each
    // dropped table would first delete its rows one foreign key at a time.
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *conn).await?;
    let result = async {
        let objects: Vec<(String, String)> = sqlx::query_as(
            "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table', 'trigger') \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type = 'table'",
        )
        .fetch_all(&mut *conn)
        .await?;
        for (kind, name) in objects {
            let drop = format!("DROP {} IF EXISTS {}", kind.to_uppercase(), quote(&name));
            sqlx::query(sql(drop)).execute(&mut *conn).await?;
        }
        Ok::<_, sqlx::Error>(())
    }
    .await;
    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
    result
}

/// Empties the PostgreSQL schema in use: its tables (with their sequences, indexes,
/// triggers and the views on them), other views and sequences, its functions (those of
/// triggers), and its enum and domain types.
pub(super) async fn postgres_wipe(conn: &mut PgConnection) -> sqlx::Result<()> {
    let relations: Vec<(String, String)> = sqlx::query_as(
        "SELECT CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'TABLE' WHEN 'v' THEN 'VIEW' \
                WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'SEQUENCE' END, c.relname::text \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S') \
         ORDER BY c.relkind IN ('r', 'p') DESC",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (kind, name) in relations {
        let drop = format!("DROP {kind} IF EXISTS {} CASCADE", quote(&name));
        sqlx::query(sql(drop)).execute(&mut *conn).await?;
    }
    let types: Vec<String> = sqlx::query_scalar(
        "SELECT t.typname::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd')",
    )
    .fetch_all(&mut *conn)
    .await?;
    for name in types {
        sqlx::query(sql(format!("DROP TYPE IF EXISTS {} CASCADE", quote(&name)))).execute(&mut *conn).await?;
    }
    // `regprocedure` names a function with its argument types, quoted as needed.
    let functions: Vec<String> = sqlx::query_scalar(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE n.nspname = current_schema() AND p.prokind = 'f'",
    )
    .fetch_all(&mut *conn)
    .await?;
    for signature in functions {
        sqlx::query(sql(format!("DROP FUNCTION IF EXISTS {signature} CASCADE"))).execute(&mut *conn).await?;
    }
    Ok(())
}

/// After rows were loaded with their ids: moves every identity or serial column's
/// sequence past the highest id, so the next row inserted gets a new one.
pub(super) async fn postgres_fix_sequences(conn: &mut PgConnection, tables: &[Table]) -> sqlx::Result<()> {
    for table in tables {
        for column in &table.columns {
            let sequence: Option<String> = sqlx::query_scalar("SELECT pg_get_serial_sequence($1, $2)")
                .bind(quote(&table.name))
                .bind(&column.name)
                .fetch_one(&mut *conn)
                .await?;
            if let Some(sequence) = sequence {
                let next = format!(
                    "SELECT setval($1, COALESCE((SELECT MAX({c}) FROM {t}), 0) + 1, false)",
                    c = quote(&column.name),
                    t = quote(&table.name)
                );
                sqlx::query(sql(next)).bind(sequence).execute(&mut *conn).await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, parents: &[&str]) -> Table {
        Table {
            name: name.into(),
            columns: Vec::new(),
            primary_key: Vec::new(),
            parents: parents.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    #[test]
    fn tables_come_after_the_tables_they_refer_to() {
        let order: Vec<String> = in_load_order(vec![
            table("a_progress", &["users", "lessons"]),
            table("lessons", &["courses"]),
            table("users", &[]),
            table("courses", &[]),
            table("cycle_a", &["cycle_b"]),
            table("cycle_b", &["cycle_a"]),
        ])
        .into_iter()
        .map(|t| t.name)
        .collect();
        let at = |name: &str| order.iter().position(|n| n == name).unwrap();
        assert!(at("users") < at("a_progress") && at("lessons") < at("a_progress"));
        assert!(at("courses") < at("lessons"));
        assert_eq!(order.len(), 6, "a cycle is broken, not dropped: {order:?}");
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote("users"), "\"users\"");
        assert_eq!(quote("odd\"name"), "\"odd\"\"name\"");
    }
}
