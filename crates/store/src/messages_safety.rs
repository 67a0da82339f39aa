//! Keeping members safe in private messages: who blocked whom, reports to the
//! moderators (a subject kind and id, so flags on forum posts can share the table),
//! who the moderators are, and the facts the trust rule weighs.

use crate::{Store, StoreResult, UserId, now_millis, on_pool};

/// A member someone blocked.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BlockedMember {
    /// The blocked member.
    pub id: UserId,
    /// Their name.
    pub display_name: String,
    /// When they were blocked (unix ms).
    pub created_at: i64,
}

/// A report to the moderators.
#[derive(Clone, Debug)]
pub struct NewReport<'a> {
    /// Who reports.
    pub reporter: UserId,
    /// What kind of thing: `message` (later also forum posts).
    pub subject_kind: &'a str,
    /// Its id.
    pub subject_id: i64,
    /// Who wrote it.
    pub subject_author: Option<UserId>,
    /// `spam`, `harassment` or `other`.
    pub reason: &'a str,
    /// What the reporter adds.
    pub detail: &'a str,
}

/// The facts the trust rule weighs about a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrustFacts {
    /// When the account was created (unix ms).
    pub created_at: i64,
    /// How many of their forum posts are accepted (visible).
    pub accepted_posts: i64,
}

impl Store {
    /// `blocker` blocks `blocked` (again is no change).
    pub async fn block_member(&self, blocker: UserId, blocked: UserId) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO member_blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (blocker_id, blocked_id) DO NOTHING",
            )
            .bind(blocker)
            .bind(blocked)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// `blocker` lifts their block of `blocked` (none is no change).
    pub async fn unblock_member(&self, blocker: UserId, blocked: UserId) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM member_blocks WHERE blocker_id = $1 AND blocked_id = $2")
                .bind(blocker)
                .bind(blocked)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// Whether `blocker` blocked `blocked`.
    pub async fn has_blocked(&self, blocker: UserId, blocked: UserId) -> StoreResult<bool> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM member_blocks WHERE blocker_id = $1 AND blocked_id = $2",
            )
            .bind(blocker)
            .bind(blocked)
            .fetch_one(pool)
            .await
        })? > 0)
    }

    /// The members `blocker` blocked, most recent first.
    pub async fn blocked_members(&self, blocker: UserId) -> StoreResult<Vec<BlockedMember>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, BlockedMember>(
                "SELECT u.id, u.display_name, b.created_at FROM member_blocks b JOIN users u ON u.id = b.blocked_id \
                 WHERE b.blocker_id = $1 ORDER BY b.created_at DESC, u.id DESC",
            )
            .bind(blocker)
            .fetch_all(pool)
            .await
        })?)
    }

    /// Stores a report; returns its id.
    pub async fn add_report(&self, report: &NewReport<'_>) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO reports (reporter_id, subject_kind, subject_id, subject_author_id, reason, detail, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(report.reporter)
            .bind(report.subject_kind)
            .bind(report.subject_id)
            .bind(report.subject_author)
            .bind(report.reason)
            .bind(report.detail)
            .bind(now_millis())
            .fetch_one(pool)
            .await
        })?)
    }

    /// The ids of the active moderators and admins, who are told about reports.
    pub async fn moderator_ids(&self) -> StoreResult<Vec<UserId>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, UserId>(
                "SELECT id FROM users WHERE (is_moderator = TRUE OR is_admin = TRUE) AND status = 'active' ORDER BY id",
            )
            .fetch_all(pool)
            .await
        })?)
    }

    /// What the trust rule weighs about `user`: when the account was made and how many
    /// forum posts they have written that are shown (published: not waiting for a
    /// moderator, not hidden by one).
    pub async fn trust_facts(&self, user: UserId) -> StoreResult<TrustFacts> {
        let (created_at, accepted_posts) = on_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT created_at, (SELECT COUNT(*) FROM forum_posts WHERE author_id = users.id \
                 AND state = 'published') \
                 FROM users WHERE id = $1",
            )
            .bind(user)
            .fetch_one(pool)
            .await
        })?;
        Ok(TrustFacts { created_at, accepted_posts })
    }
}
