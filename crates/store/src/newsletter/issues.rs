//! Newsletter issues (drafts, sending, sent) and their deliveries: one row per issue
//! and subscriber, written with the copy's queued mail in one transaction.

use crate::{BeginWrite, Store, StoreError, StoreResult, UserId, now_millis, on_pool};

/// An issue, draft or sent.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Issue {
    /// Database id.
    pub id: i64,
    /// 1, 2, 3 … in the order issues were sent; `None` until sent.
    pub number: Option<i64>,
    /// A readable address in the archive (`2026-11`), for issues loaded from files.
    pub slug: Option<String>,
    /// English subject.
    pub subject: String,
    /// Japanese subject.
    pub subject_ja: Option<String>,
    /// The introduction, in Markdown.
    pub intro: String,
    /// The picked items, as the app serialised them (JSON).
    pub items: String,
    /// `draft`, `sending` or `sent`.
    pub state: String,
    /// Who wrote it.
    pub created_by: Option<i64>,
    /// When it was created (unix ms).
    pub created_at: i64,
    /// When it was last saved (unix ms).
    pub updated_at: i64,
    /// When sending began (unix ms): the throttle's schedule counts from here.
    pub sending_started_at: Option<i64>,
    /// When every copy was queued (unix ms).
    pub sent_at: Option<i64>,
}

const ISSUE_COLUMNS: &str = "id, number, slug, subject, subject_ja, intro, items, state, created_by, \
                             created_at, updated_at, sending_started_at, sent_at";

/// What an issue says, as its editor saves it.
#[derive(Clone, Debug)]
pub struct IssueDraft<'a> {
    /// English subject.
    pub subject: &'a str,
    /// Japanese subject.
    pub subject_ja: Option<&'a str>,
    /// Markdown introduction.
    pub intro: &'a str,
    /// Picked items (JSON).
    pub items: &'a str,
}

/// One copy of an issue for one subscriber, ready to queue.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// The subscriber.
    pub subscriber_id: i64,
    /// Their address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text part.
    pub body_text: String,
    /// HTML part.
    pub body_html: String,
    /// Extra headers as a JSON object (`List-Unsubscribe`, …).
    pub headers: String,
    /// When the queue may send it (unix ms): the throttle's slot.
    pub not_before: i64,
}

impl Store {
    /// How many copies of issue `issue_id` are queued (or sent).
    pub async fn delivery_count(&self, issue_id: i64) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM newsletter_deliveries WHERE issue_id = $1")
                .bind(issue_id)
                .fetch_one(pool)
                .await
        })?)
    }

    /// Queues `delivery` of issue `issue_id` unless that subscriber already has a copy:
    /// the delivery row and the queued mail are written in one transaction. Returns
    /// whether a mail was queued.
    pub async fn queue_delivery(&self, issue_id: i64, delivery: &Delivery) -> StoreResult<bool> {
        let now = now_millis();
        Ok(on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let new = sqlx::query(
                "INSERT INTO newsletter_deliveries (issue_id, subscriber_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (issue_id, subscriber_id) DO NOTHING",
            )
            .bind(issue_id)
            .bind(delivery.subscriber_id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if new == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            let mail_id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO mail_queue (to_address, subject, body_text, body_html, headers, created_at, \
                 next_attempt_at, priority) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(&delivery.to)
            .bind(&delivery.subject)
            .bind(&delivery.body_text)
            .bind(&delivery.body_html)
            .bind(&delivery.headers)
            .bind(now)
            .bind(delivery.not_before)
            .bind(crate::MailKind::Bulk.priority())
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE newsletter_deliveries SET mail_id = $3 WHERE issue_id = $1 AND subscriber_id = $2",
            )
            .bind(issue_id)
            .bind(delivery.subscriber_id)
            .bind(mail_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<bool, sqlx::Error>(true)
        }
        .await)?)
    }

    /// Creates a draft issue; returns its id.
    pub async fn create_issue(&self, draft: &IssueDraft<'_>, author: Option<UserId>) -> StoreResult<i64> {
        let now = now_millis();
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO newsletter_issues (subject, subject_ja, intro, items, created_by, created_at, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            )
            .bind(draft.subject)
            .bind(draft.subject_ja)
            .bind(draft.intro)
            .bind(draft.items)
            .bind(author.map(|id| id.0))
            .bind(now)
            .fetch_one(pool)
            .await
        })?)
    }

    /// Saves a draft; `Conflict` once sending has begun (a sent issue is the record).
    pub async fn update_issue(&self, id: i64, draft: &IssueDraft<'_>) -> StoreResult<()> {
        let changed = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE newsletter_issues SET subject = $2, subject_ja = $3, intro = $4, items = $5, \
                 updated_at = $6 WHERE id = $1 AND state = 'draft'",
            )
            .bind(id)
            .bind(draft.subject)
            .bind(draft.subject_ja)
            .bind(draft.intro)
            .bind(draft.items)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        if changed == 0 {
            self.issue(id).await?;
            return Err(StoreError::Conflict("the issue is no longer a draft".into()));
        }
        Ok(())
    }

    /// The issue with id `id`.
    pub async fn issue(&self, id: i64) -> StoreResult<Issue> {
        let sql = format!("SELECT {ISSUE_COLUMNS} FROM newsletter_issues WHERE id = $1");
        on_pool!(self, |pool| {
            sqlx::query_as::<_, Issue>(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(pool).await
        })?
        .ok_or(StoreError::NotFound)
    }

    /// The sent issue with this number or slug.
    pub async fn sent_issue(&self, number_or_slug: &str) -> StoreResult<Issue> {
        let number = number_or_slug.parse::<i64>().unwrap_or(-1);
        let sql = format!(
            "SELECT {ISSUE_COLUMNS} FROM newsletter_issues WHERE state = 'sent' AND (number = $1 OR slug = $2)"
        );
        on_pool!(self, |pool| {
            sqlx::query_as::<_, Issue>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(number)
                .bind(number_or_slug)
                .fetch_optional(pool)
                .await
        })?
        .ok_or(StoreError::NotFound)
    }

    /// Every issue, drafts and sending first, then the sent ones newest first.
    pub async fn all_issues(&self) -> StoreResult<Vec<Issue>> {
        let sql = format!(
            "SELECT {ISSUE_COLUMNS} FROM newsletter_issues \
             ORDER BY CASE WHEN state = 'sent' THEN 1 ELSE 0 END, COALESCE(sent_at, updated_at) DESC, id DESC"
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Issue>(sqlx::AssertSqlSafe(sql.clone())).fetch_all(pool).await
        })?)
    }

    /// The sent issues, newest first: the public archive.
    pub async fn sent_issues(&self) -> StoreResult<Vec<Issue>> {
        let sql = format!(
            "SELECT {ISSUE_COLUMNS} FROM newsletter_issues WHERE state = 'sent' ORDER BY number DESC"
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Issue>(sqlx::AssertSqlSafe(sql.clone())).fetch_all(pool).await
        })?)
    }

    /// Moves a draft to `sending` (noting when, for the throttle's schedule); an issue
    /// already sending stays so. Returns the issue as it now is.
    pub async fn begin_sending(&self, id: i64) -> StoreResult<Issue> {
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE newsletter_issues SET state = 'sending', sending_started_at = $2 \
                 WHERE id = $1 AND state = 'draft'",
            )
            .bind(id)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        self.issue(id).await
    }

    /// Marks an issue whose every copy is queued as sent, giving it the next number.
    pub async fn finish_sending(&self, id: i64) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE newsletter_issues SET state = 'sent', sent_at = $2, \
                 number = (SELECT COALESCE(MAX(number), 0) + 1 FROM newsletter_issues) \
                 WHERE id = $1 AND state = 'sending'",
            )
            .bind(id)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// Stores an issue that went out elsewhere (the starter archive) as sent at
    /// `sent_at`, under `slug`, without mailing anyone: one statement, so nodes loading
    /// it at once leave one copy (the slug is unique) and never a stray draft.
    pub async fn archive_issue(&self, draft: &IssueDraft<'_>, slug: &str, sent_at: i64) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO newsletter_issues (number, slug, subject, subject_ja, intro, items, state, \
                 created_at, updated_at, sent_at) VALUES \
                 ((SELECT COALESCE(MAX(number), 0) + 1 FROM newsletter_issues), $1, $2, $3, $4, $5, 'sent', \
                 $6, $6, $7) RETURNING id",
            )
            .bind(slug)
            .bind(draft.subject)
            .bind(draft.subject_ja)
            .bind(draft.intro)
            .bind(draft.items)
            .bind(now_millis())
            .bind(sent_at)
            .fetch_one(pool)
            .await
        })?)
    }
}
