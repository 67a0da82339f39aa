//! The newsletter: subscribers, issues and deliveries.
//!
//! Sending an issue is made safe to repeat: each recipient's delivery row
//! (`newsletter_deliveries`, keyed by issue and subscriber) is inserted in the same
//! transaction as the queued mail, with `ON CONFLICT DO NOTHING`; a mail is queued only
//! when its row was new. A second click, two nodes at once, or a send resumed after a
//! crash therefore queue nobody's copy twice.

use crate::{Store, StoreError, StoreResult, UserId, now_millis, on_pool};

/// Where a subscriber stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscriberStatus {
    /// Asked to subscribe; the confirmation link has not been used yet.
    Pending,
    /// Receives the newsletter.
    Confirmed,
    /// Left (or never confirmed and asked to leave).
    Unsubscribed,
}

impl SubscriberStatus {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriberStatus::Pending => "pending",
            SubscriberStatus::Confirmed => "confirmed",
            SubscriberStatus::Unsubscribed => "unsubscribed",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "confirmed" => SubscriberStatus::Confirmed,
            "unsubscribed" => SubscriberStatus::Unsubscribed,
            _ => SubscriberStatus::Pending,
        }
    }
}

/// One address on the list.
#[derive(Clone, Debug)]
pub struct Subscriber {
    /// Database id.
    pub id: i64,
    /// The address (normalised: trimmed, lower-case).
    pub email: String,
    /// The language of the mails: `en` or `ja`.
    pub lang: String,
    /// The member it belongs to, if it was subscribed from an account.
    pub user_id: Option<UserId>,
    /// Pending, confirmed or unsubscribed.
    pub status: SubscriberStatus,
    /// Issues whose mail to this address was given up on after every retry; an address
    /// with any is "bouncing" and skipped by later issues.
    pub failures: i64,
    /// When it was added (unix ms).
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct SubscriberRow {
    id: i64,
    email: String,
    lang: String,
    user_id: Option<i64>,
    status: String,
    failures: i64,
    created_at: i64,
}

impl From<SubscriberRow> for Subscriber {
    fn from(row: SubscriberRow) -> Self {
        Subscriber {
            id: row.id,
            email: row.email,
            lang: row.lang,
            user_id: row.user_id.map(UserId),
            status: SubscriberStatus::parse(&row.status),
            failures: row.failures,
            created_at: row.created_at,
        }
    }
}

const SUBSCRIBER_COLUMNS: &str = "id, email, lang, user_id, status, failures, created_at";

/// The list at a glance, for editors.
#[derive(Clone, Debug, Default)]
pub struct SubscriberCounts {
    /// Receiving the newsletter (bouncing ones included).
    pub confirmed: i64,
    /// Waiting for confirmation.
    pub pending: i64,
    /// Confirmed but skipped: their mail keeps failing.
    pub bouncing: i64,
}

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
    /// The subscriber with address `email`, if any.
    pub async fn subscriber_by_email(&self, email: &str) -> StoreResult<Option<Subscriber>> {
        let sql = format!("SELECT {SUBSCRIBER_COLUMNS} FROM newsletter_subscribers WHERE email = $1");
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, SubscriberRow>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(email)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.map(Subscriber::from))
    }

    /// The subscriber with id `id`.
    pub async fn subscriber(&self, id: i64) -> StoreResult<Subscriber> {
        let sql = format!("SELECT {SUBSCRIBER_COLUMNS} FROM newsletter_subscribers WHERE id = $1");
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, SubscriberRow>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        row.map(Subscriber::from).ok_or(StoreError::NotFound)
    }

    /// Adds `email` to the list, or updates its language and member; its status becomes
    /// `status` unless it is already confirmed (a confirmed address stays confirmed, so
    /// asking again changes nothing). Returns the subscriber as it now is.
    pub async fn upsert_subscriber(
        &self,
        email: &str,
        lang: &str,
        user_id: Option<UserId>,
        status: SubscriberStatus,
    ) -> StoreResult<Subscriber> {
        let now = now_millis();
        let confirmed_at = (status == SubscriberStatus::Confirmed).then_some(now);
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO newsletter_subscribers (email, lang, user_id, status, created_at, confirmed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (email) DO UPDATE SET lang = excluded.lang, \
                 user_id = COALESCE(excluded.user_id, newsletter_subscribers.user_id), \
                 status = CASE WHEN newsletter_subscribers.status = 'confirmed' THEN 'confirmed' \
                 ELSE excluded.status END, \
                 confirmed_at = COALESCE(newsletter_subscribers.confirmed_at, excluded.confirmed_at), \
                 unsubscribed_at = CASE WHEN newsletter_subscribers.status = 'confirmed' \
                 THEN newsletter_subscribers.unsubscribed_at ELSE NULL END",
            )
            .bind(email)
            .bind(lang)
            .bind(user_id.map(|id| id.0))
            .bind(status.as_str())
            .bind(now)
            .bind(confirmed_at)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        self.subscriber_by_email(email).await?.ok_or(StoreError::NotFound)
    }

    /// Confirms a pending subscriber (an unsubscribed one stays unsubscribed: an old
    /// confirmation link does not bring anyone back). Returns whether it is confirmed now.
    pub async fn confirm_subscriber(&self, id: i64) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE newsletter_subscribers SET status = 'confirmed', confirmed_at = $2 \
                 WHERE id = $1 AND status = 'pending'",
            )
            .bind(id)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(self.subscriber(id).await?.status == SubscriberStatus::Confirmed)
    }

    /// Takes a subscriber off the list; only that one row changes.
    pub async fn unsubscribe(&self, id: i64) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE newsletter_subscribers SET status = 'unsubscribed', unsubscribed_at = $2 \
                 WHERE id = $1 AND status <> 'unsubscribed'",
            )
            .bind(id)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// How many subscribers are confirmed, pending and bouncing.
    pub async fn subscriber_counts(&self) -> StoreResult<SubscriberCounts> {
        let (confirmed, pending, bouncing) = on_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64, i64)>(
                "SELECT \
                 COALESCE(SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), 0), \
                 COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), \
                 COALESCE(SUM(CASE WHEN status = 'confirmed' AND failures > 0 THEN 1 ELSE 0 END), 0) \
                 FROM newsletter_subscribers",
            )
            .fetch_one(pool)
            .await
        })?;
        Ok(SubscriberCounts { confirmed, pending, bouncing })
    }

    /// The confirmed subscribers whose mail keeps failing, for editors to look into.
    pub async fn bouncing_subscribers(&self) -> StoreResult<Vec<Subscriber>> {
        let sql = format!(
            "SELECT {SUBSCRIBER_COLUMNS} FROM newsletter_subscribers \
             WHERE status = 'confirmed' AND failures > 0 ORDER BY email LIMIT 200"
        );
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, SubscriberRow>(sqlx::AssertSqlSafe(sql.clone())).fetch_all(pool).await
        })?;
        Ok(rows.into_iter().map(Subscriber::from).collect())
    }

    /// Up to `limit` confirmed, non-bouncing subscribers who have no copy of issue
    /// `issue_id` yet, in id order.
    pub async fn undelivered_subscribers(&self, issue_id: i64, limit: i64) -> StoreResult<Vec<Subscriber>> {
        let sql = format!(
            "SELECT {SUBSCRIBER_COLUMNS} FROM newsletter_subscribers s \
             WHERE status = 'confirmed' AND failures = 0 AND NOT EXISTS \
             (SELECT 1 FROM newsletter_deliveries d WHERE d.issue_id = $1 AND d.subscriber_id = s.id) \
             ORDER BY id LIMIT $2"
        );
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, SubscriberRow>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(issue_id)
                .bind(limit)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows.into_iter().map(Subscriber::from).collect())
    }

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
            let mut tx = pool.begin().await?;
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
