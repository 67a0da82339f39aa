//! The audit log: who did what to whose account, for admins to read.

use crate::{Cursor, Page, PageRequest, Store, StoreResult, UserId, now_millis, on_pool};

/// One audit entry, with the names of the people involved.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditEntry {
    /// Database id.
    pub id: i64,
    /// When (unix ms).
    pub at: i64,
    /// Who acted (`None` for a visitor or the command line).
    pub actor_id: Option<UserId>,
    /// The actor's display name, if any.
    pub actor_name: Option<String>,
    /// What happened, e.g. `sign_in_failed`, `role_changed`.
    pub action: String,
    /// Whose account it concerned.
    pub subject_id: Option<UserId>,
    /// The subject's display name, if any.
    pub subject_name: Option<String>,
    /// Details, e.g. the new roles.
    pub detail: String,
    /// The client address.
    pub ip: String,
}

/// An entry to record.
#[derive(Clone, Debug)]
pub struct NewAuditEntry<'a> {
    /// Who acted.
    pub actor_id: Option<UserId>,
    /// What happened.
    pub action: &'a str,
    /// Whose account it concerned.
    pub subject_id: Option<UserId>,
    /// Details.
    pub detail: &'a str,
    /// The client address.
    pub ip: &'a str,
}

impl Store {
    /// Records an entry.
    pub async fn audit(&self, entry: NewAuditEntry<'_>) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO audit_log (at, actor_id, action, subject_id, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(now_millis())
            .bind(entry.actor_id)
            .bind(entry.action)
            .bind(entry.subject_id)
            .bind(entry.detail)
            .bind(entry.ip)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// One page of the log, newest first.
    pub async fn audit_entries(&self, page: &PageRequest) -> StoreResult<Page<AuditEntry>> {
        let sql = format!(
            "SELECT a.id, a.at, a.actor_id, actor.display_name AS actor_name, a.action, a.subject_id, \
             subject.display_name AS subject_name, a.detail, a.ip \
             FROM audit_log a \
             LEFT JOIN users actor ON actor.id = a.actor_id \
             LEFT JOIN users subject ON subject.id = a.subject_id \
             WHERE {}",
            page.sql("a.id", "a.id", 1)
        );
        let entries = on_pool!(self, |pool| {
            page.bind(sqlx::query_as::<_, AuditEntry>(sqlx::AssertSqlSafe(sql.clone()))).fetch_all(pool).await
        })?;
        Ok(page.finish(entries, |entry| Cursor::at_id(entry.id)))
    }
}
