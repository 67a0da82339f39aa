//! Reading rows as typed values, and writing them back, on each backend.

use futures_util::TryStreamExt as _;
use sqlx::{PgConnection, Row as _, SqliteConnection, TypeInfo as _, ValueRef as _};

use super::{
    archive::Value,
    catalog::{Table, quote, sql},
};

/// PostgreSQL types carried as themselves; any other is carried as its text form and
/// cast back on the way in.
const PG_NATIVE: &[&str] =
    &["bool", "int2", "int4", "int8", "float4", "float8", "text", "varchar", "bpchar", "bytea"];

/// Rows per `INSERT` on PostgreSQL, at most: a round trip per row would dominate.
const BATCH_ROWS: usize = 256;
/// Bytes of values per `INSERT`, roughly: media chunks are 256 KiB each.
pub(super) const BATCH_BYTES: usize = 4 * 1024 * 1024;
/// Parameters per `INSERT` on PostgreSQL (which allows 65535).
const PG_PARAMETERS: usize = 30_000;
/// Parameters per `INSERT` on SQLite: a statement costs no round trip there, and binding
/// takes time that grows with the square of the number of parameters (sqlx looks each
/// one's name up), so small statements are fastest.
const SQLITE_PARAMETERS: usize = 64;

/// How many rows of `columns` columns fit in one `INSERT`.
pub(super) fn batch_rows(columns: usize, postgres: bool) -> usize {
    let parameters = if postgres { PG_PARAMETERS } else { SQLITE_PARAMETERS };
    (parameters / columns.max(1)).clamp(1, BATCH_ROWS)
}

fn select(table: &Table, column: impl Fn(&super::catalog::Column) -> String) -> String {
    let columns: Vec<String> = table.columns.iter().map(column).collect();
    let mut text = format!("SELECT {} FROM {}", columns.join(", "), quote(&table.name));
    if !table.primary_key.is_empty() {
        let key: Vec<String> = table.primary_key.iter().map(|c| quote(c)).collect();
        text.push_str(&format!(" ORDER BY {}", key.join(", ")));
    }
    text
}

/// Every row of `table`, each handed to `each` as it arrives.
pub(super) async fn sqlite_read(
    conn: &mut SqliteConnection,
    table: &Table,
    mut each: impl FnMut(Vec<Value>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let text = select(table, |c| quote(&c.name));
    let mut rows = sqlx::query(sql(text)).fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        let mut values = Vec::with_capacity(row.len());
        for i in 0..row.len() {
            let raw = row.try_get_raw(i)?;
            // A SQLite value's type is its own (declared types are only affinities):
            // booleans are integers here, and become booleans where the target says so.
            let value = match raw.type_info().name() {
                _ if raw.is_null() => Value::Null,
                "INTEGER" => Value::Int(row.try_get_unchecked(i)?),
                "REAL" => Value::Float(row.try_get_unchecked(i)?),
                "TEXT" => Value::Text(row.try_get_unchecked(i)?),
                _ => Value::Bytes(row.try_get_unchecked(i)?),
            };
            values.push(value);
        }
        each(values)?;
    }
    Ok(())
}

/// Every row of `table`, each handed to `each` as it arrives.
pub(super) async fn postgres_read(
    conn: &mut PgConnection,
    table: &Table,
    mut each: impl FnMut(Vec<Value>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let text = select(table, |c| match c.pg_type.as_deref() {
        Some(t) if PG_NATIVE.contains(&t) => quote(&c.name),
        _ => format!("{}::text", quote(&c.name)),
    });
    let mut rows = sqlx::query(sql(text)).fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        let mut values = Vec::with_capacity(row.len());
        for i in 0..row.len() {
            let raw = row.try_get_raw(i)?;
            let value = match raw.type_info().name() {
                _ if raw.is_null() => Value::Null,
                "BOOL" => Value::Bool(row.try_get(i)?),
                "INT2" => Value::Int(row.try_get::<i16, _>(i)?.into()),
                "INT4" => Value::Int(row.try_get::<i32, _>(i)?.into()),
                "INT8" => Value::Int(row.try_get(i)?),
                "FLOAT4" => Value::Float(row.try_get::<f32, _>(i)?.into()),
                "FLOAT8" => Value::Float(row.try_get(i)?),
                "BYTEA" => Value::Bytes(row.try_get(i)?),
                _ => Value::Text(row.try_get(i)?),
            };
            values.push(value);
        }
        each(values)?;
    }
    Ok(())
}

/// `INSERT INTO table (columns) VALUES (…), (…)` for `rows` rows, with each placeholder
/// cast to its column's type where the value travels as text.
fn insert(table: &Table, columns: &[String], rows: usize, postgres: bool) -> String {
    let names: Vec<String> = columns.iter().map(|c| quote(c)).collect();
    let mut text = format!("INSERT INTO {} ({}) ", quote(&table.name), names.join(", "));
    if postgres {
        // Lets rows keep their ids even in `GENERATED ALWAYS AS IDENTITY` columns.
        text.push_str("OVERRIDING SYSTEM VALUE ");
    }
    text.push_str("VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            text.push_str(", ");
        }
        text.push('(');
        for (i, column) in columns.iter().enumerate() {
            n += 1;
            if i > 0 {
                text.push_str(", ");
            }
            let pg_type = table.column(column).and_then(|c| c.pg_type.as_deref());
            match pg_type {
                Some(t) if postgres && !PG_NATIVE.contains(&t) => {
                    text.push_str(&format!("CAST(${n} AS {})", quote(t)))
                }
                _ => text.push_str(&format!("${n}")),
            }
        }
        text.push(')');
    }
    text
}

/// Inserts `rows` (values in the order of `columns`) into a SQLite table.
pub(super) async fn sqlite_insert(
    conn: &mut SqliteConnection,
    table: &Table,
    columns: &[String],
    rows: Vec<Vec<Value>>,
) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let text = insert(table, columns, rows.len(), false);
    let mut query = sqlx::query(sql(text));
    for value in rows.into_iter().flatten() {
        query = match value {
            Value::Null => query.bind(None::<i64>),
            Value::Bool(b) => query.bind(i64::from(b)),
            Value::Int(i) => query.bind(i),
            Value::Float(f) => query.bind(f),
            Value::Text(s) => query.bind(s),
            Value::Bytes(b) => query.bind(b),
        };
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// Inserts `rows` (values in the order of `columns`) into a PostgreSQL table, each value
/// turned into its column's type (SQLite's 0/1 into a `BOOLEAN`, for instance).
pub(super) async fn postgres_insert(
    conn: &mut PgConnection,
    table: &Table,
    columns: &[String],
    rows: Vec<Vec<Value>>,
) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let types: Vec<&str> = columns
        .iter()
        .map(|c| table.column(c).and_then(|c| c.pg_type.as_deref()).unwrap_or("text"))
        .collect();
    let text = insert(table, columns, rows.len(), true);
    let mut query = sqlx::query(sql(text));
    for row in rows {
        for (value, (column, pg_type)) in row.into_iter().zip(columns.iter().zip(&types)) {
            let wrong = |value: &Value| {
                anyhow::anyhow!("{}.{column} ({pg_type}) cannot hold {}", table.name, value.kind())
            };
            query = match *pg_type {
                "bool" => query.bind(match value {
                    Value::Null => None,
                    Value::Bool(b) => Some(b),
                    Value::Int(0) => Some(false),
                    Value::Int(1) => Some(true),
                    other => return Err(wrong(&other)),
                }),
                "int2" | "int4" | "int8" => query.bind(match value {
                    Value::Null => None,
                    Value::Int(i) => Some(i),
                    Value::Bool(b) => Some(i64::from(b)),
                    other => return Err(wrong(&other)),
                }),
                "float4" | "float8" => query.bind(match value {
                    Value::Null => None,
                    Value::Float(f) => Some(f),
                    // SQLite keeps a REAL that happens to be whole as an integer.
                    #[allow(clippy::cast_precision_loss)]
                    Value::Int(i) => Some(i as f64),
                    other => return Err(wrong(&other)),
                }),
                "bytea" => query.bind(match value {
                    Value::Null => None,
                    Value::Bytes(b) => Some(b),
                    Value::Text(s) => Some(s.into_bytes()),
                    other => return Err(wrong(&other)),
                }),
                _ => query.bind(match value {
                    Value::Null => None,
                    Value::Text(s) => Some(s),
                    Value::Int(i) => Some(i.to_string()),
                    Value::Float(f) => Some(f.to_string()),
                    Value::Bool(b) => Some(b.to_string()),
                    Value::Bytes(b) => {
                        Some(String::from_utf8(b).map_err(|err| wrong(&Value::Bytes(err.into_bytes())))?)
                    }
                }),
            };
        }
    }
    query.execute(&mut *conn).await?;
    Ok(())
}
