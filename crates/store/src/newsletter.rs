//! The newsletter: subscribers, issues and deliveries.
//!
//! Sending an issue is made safe to repeat: each recipient's delivery row
//! (`newsletter_deliveries`, keyed by issue and subscriber) is inserted in the same
//! transaction as the queued mail, with `ON CONFLICT DO NOTHING`; a mail is queued only
//! when its row was new. A second click, two nodes at once, or a send resumed after a
//! crash therefore queue nobody's copy twice.

mod issues;

pub use issues::{Delivery, Issue, IssueDraft};

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
}
