//! The outgoing mail queue. Requests only enqueue; a background worker sends, retrying
//! with back-off, so a slow or absent mail server never slows a page, and queued mail
//! survives a restart.

use crate::{BeginWrite, Cursor, Page, PageRequest, Store, StoreResult, now_millis, on_pool};

/// What kind of message it is, which decides its place in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailKind {
    /// Mail a member is waiting for (a verification or password-reset link): sent
    /// before any bulk mail.
    Transactional,
    /// Mail to many (a newsletter): sent when no transactional mail is waiting.
    Bulk,
}

impl MailKind {
    pub(crate) fn priority(self) -> i64 {
        match self {
            MailKind::Transactional => 0,
            MailKind::Bulk => 1,
        }
    }
}

/// A message given up on after failing again and again.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FailedMail {
    /// Database id.
    pub id: i64,
    /// Recipient address.
    pub to_address: String,
    /// Subject line.
    pub subject: String,
    /// Attempts made.
    pub attempts: i64,
    /// The last error.
    pub last_error: Option<String>,
    /// When it was given up on (unix ms).
    pub failed_at: i64,
}

/// A message waiting to be sent.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct QueuedMail {
    /// Database id.
    pub id: i64,
    /// Recipient address.
    pub to_address: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body_text: String,
    /// HTML body, sent beside the plain text when present (newsletters).
    pub body_html: Option<String>,
    /// Extra headers as a JSON object of name → value (e.g. `List-Unsubscribe`).
    pub headers: Option<String>,
    /// Failed attempts so far.
    pub attempts: i64,
    /// Its place in the queue (transactional mail first).
    pub priority: i64,
}

/// Queues a message on the connection or in the transaction `$tx` (both backends);
/// yields its id.
macro_rules! queue_mail_in {
    ($tx:expr, $kind:expr, $to:expr, $subject:expr, $body_text:expr, $body_html:expr, $headers:expr, $now:expr) => {{
        let kind: $crate::MailKind = $kind;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mail_queue (to_address, subject, body_text, body_html, headers, created_at, \
             next_attempt_at, priority) VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
        )
        .bind($to)
        .bind($subject)
        .bind($body_text)
        .bind($body_html)
        .bind($headers)
        .bind($now)
        .bind(kind.priority())
        .fetch_one(&mut *$tx)
        .await?;
        id
    }};
}
pub(crate) use queue_mail_in;

impl Store {
    /// Queues a message for sending as soon as possible (transactional mail first).
    pub async fn enqueue_mail(
        &self,
        kind: MailKind,
        to: &str,
        subject: &str,
        body_text: &str,
    ) -> StoreResult<i64> {
        self.enqueue_mail_with_html(kind, to, subject, body_text, None, None).await
    }

    /// Queues a message that may carry an HTML part beside its text and extra headers
    /// (a JSON object of name → value).
    pub async fn enqueue_mail_with_html(
        &self,
        kind: MailKind,
        to: &str,
        subject: &str,
        body_text: &str,
        body_html: Option<&str>,
        headers: Option<&str>,
    ) -> StoreResult<i64> {
        let now = now_millis();
        Ok(on_pool!(self, |pool| async {
            let mut conn = pool.acquire().await?;
            Ok::<_, sqlx::Error>(queue_mail_in!(
                &mut *conn, kind, to, subject, body_text, body_html, headers, now
            ))
        }
        .await)?)
    }

    /// Claims up to `limit` messages that are due, transactional mail first, for
    /// `lease_ms`: another node (or a later run) will not take them until the lease
    /// ends, so each is sent once even with several workers.
    pub async fn claim_due_mail(&self, limit: i64, lease_ms: i64) -> StoreResult<Vec<QueuedMail>> {
        let now = now_millis();
        // One statement claims the batch (one commit). With several nodes, a row another
        // node claimed meanwhile fails the outer condition, which PostgreSQL checks
        // again on the row as it stands after that node's commit: nobody takes it twice.
        let mut claimed = on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let claimed = sqlx::query_as::<_, QueuedMail>(
                "UPDATE mail_queue SET claimed_until = $2 WHERE id IN (SELECT id FROM mail_queue \
                 WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
                 AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY priority, id LIMIT $3) \
                 AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $1) \
                 RETURNING id, to_address, subject, body_text, body_html, headers, attempts, \
                 CAST(priority AS BIGINT) AS priority",
            )
            .bind(now)
            .bind(now + lease_ms)
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await.map(|()| claimed)
        }
        .await)?;
        claimed.sort_by_key(|mail| (mail.priority, mail.id));
        Ok(claimed)
    }

    /// Records that messages `ids` were handed to the mail server (or the outbox), in
    /// one statement.
    pub async fn mark_mail_sent(&self, ids: &[i64]) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!(
            "UPDATE mail_queue SET sent_at = $1, claimed_until = NULL, last_error = NULL WHERE id IN ({list})"
        );
        on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(now_millis()).execute(&mut *tx).await?;
            tx.commit().await
        }
        .await)?;
        Ok(())
    }

    /// When the next waiting message is due and unclaimed (unix ms), if any is waiting: the worker
    /// sleeps until then, so mail scheduled at a rate goes out at that rate.
    pub async fn next_mail_due_at(&self) -> StoreResult<Option<i64>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, Option<i64>>(
                "SELECT MIN(CASE WHEN claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END) \
                 FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL",
            )
            .fetch_one(pool)
            .await
        })?)
    }

    /// Records a failed attempt and when to try again; with no retry time, the message
    /// is given up on (see [`Store::failed_mail`]).
    pub async fn mark_mail_failed(&self, id: i64, error: &str, retry_at: Option<i64>) -> StoreResult<()> {
        let now = now_millis();
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE mail_queue SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, \
                 failed_at = $4, claimed_until = NULL WHERE id = $1",
            )
            .bind(id)
            .bind(error)
            .bind(retry_at.unwrap_or(now))
            .bind(retry_at.is_none().then_some(now))
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        if retry_at.is_none() {
            // A newsletter copy given up on marks its address as bouncing: later issues
            // skip it, and editors see it listed.
            on_pool!(self, |pool| {
                sqlx::query(
                    "UPDATE newsletter_subscribers SET failures = failures + 1 WHERE id IN \
                     (SELECT subscriber_id FROM newsletter_deliveries WHERE mail_id = $1)",
                )
                .bind(id)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

    /// How many messages are waiting to be sent (given-up ones not included).
    pub async fn pending_mail_count(&self) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL",
            )
            .fetch_one(pool)
            .await
        })?)
    }

    /// One page of the messages given up on, the latest given up on first.
    pub async fn failed_mail(&self, page: &PageRequest) -> StoreResult<Page<FailedMail>> {
        let sql = format!(
            "SELECT id, to_address, subject, attempts, last_error, failed_at FROM mail_queue \
             WHERE sent_at IS NULL AND failed_at IS NOT NULL AND {}",
            page.sql("failed_at", "id", 1)
        );
        let failed = on_pool!(self, |pool| {
            page.bind(sqlx::query_as::<_, FailedMail>(sqlx::AssertSqlSafe(sql.clone()))).fetch_all(pool).await
        })?;
        Ok(page.finish(failed, |mail| Cursor::new(mail.failed_at, mail.id)))
    }

    /// Puts a message given up on back in the queue, due now, with its attempts reset;
    /// `NotFound` if it is not one given up on.
    pub async fn retry_mail(&self, id: i64) -> StoreResult<()> {
        let requeued = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE mail_queue SET failed_at = NULL, attempts = 0, next_attempt_at = $2 \
                 WHERE id = $1 AND sent_at IS NULL AND failed_at IS NOT NULL",
            )
            .bind(id)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        if requeued == 0 { Err(crate::StoreError::NotFound) } else { Ok(()) }
    }
}
