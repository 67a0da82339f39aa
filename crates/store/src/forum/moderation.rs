//! Moderation of the forum: posts waiting for approval, hidden and restored posts,
//! members' flags (rows of the shared `reports` table), moving, merging and
//! splitting threads, suspending an account with a reason, and the moderation part of
//! the audit log.
//!
//! Every change to a post's state or place recounts the threads it touches
//! ([`recount_thread`]) in the same transaction, so a thread's counters, latest post,
//! rank and whether it is listed always describe what the public sees.

use crate::{
    AuditEntry, BeginWrite, Cursor, Page, PageRequest, Store, StoreError, StoreResult, UserId, now_millis,
    on_pool,
};

/// Recomputes thread `$thread`'s counters from its published posts inside the
/// transaction `$tx` (both backends): post count, first post (the oldest, whatever its
/// state), latest published post and its time, rank, the accepted answer (dropped if
/// it left the thread), and whether the thread is listed (its opening post is
/// published and it was not merged into another).
macro_rules! recount_thread {
    ($tx:expr, $thread:expr) => {{
        let thread: i64 = $thread;
        sqlx::query(
            "UPDATE forum_threads SET \
             post_count = (SELECT COUNT(*) FROM forum_posts p WHERE p.thread_id = forum_threads.id \
             AND p.state = 'published'), \
             first_post_id = COALESCE((SELECT MIN(p.id) FROM forum_posts p WHERE p.thread_id = forum_threads.id), 0), \
             last_post_id = COALESCE((SELECT MAX(p.id) FROM forum_posts p WHERE p.thread_id = forum_threads.id \
             AND p.state = 'published'), 0), \
             accepted_post_id = (SELECT p.id FROM forum_posts p WHERE p.id = forum_threads.accepted_post_id \
             AND p.thread_id = forum_threads.id) \
             WHERE id = $1",
        )
        .bind(thread)
        .execute($tx)
        .await?;
        sqlx::query(
            "UPDATE forum_threads SET \
             listed = (merged_into IS NULL AND EXISTS (SELECT 1 FROM forum_posts p \
             WHERE p.id = forum_threads.first_post_id AND p.state = 'published')), \
             last_post_at = COALESCE((SELECT p.created_at FROM forum_posts p WHERE p.id = forum_threads.last_post_id), \
             created_at), \
             rank = COALESCE((SELECT p.created_at FROM forum_posts p WHERE p.id = forum_threads.last_post_id), \
             created_at) + CASE WHEN pinned THEN $2 ELSE 0 END \
             WHERE id = $1",
        )
        .bind(thread)
        .bind($crate::forum::PIN_BOOST)
        .execute($tx)
        .await?;
    }};
}
pub(crate) use recount_thread;

/// A post as the review queue shows it, with its thread and what the queue tells
/// about its writer.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct QueuedPost {
    /// The post's id.
    pub id: i64,
    /// Its thread.
    pub thread_id: i64,
    /// The thread's title.
    pub thread_title: String,
    /// Its writer (`None` once their account is gone).
    pub author_id: Option<UserId>,
    /// Their display name.
    pub author_name: Option<String>,
    /// When their account was made (unix ms).
    pub author_joined: Option<i64>,
    /// How many of their posts are published.
    pub author_posts: i64,
    /// Their account's status.
    pub author_status: Option<String>,
    /// The text as written (Markdown).
    pub body: String,
    /// `published`, `waiting` or `hidden`.
    pub state: String,
    /// Why it was hidden.
    pub hidden_reason: String,
    /// When it was written (unix ms).
    pub created_at: i64,
}

/// An open report (a flag on a post, or a report of a message).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FlaggedReport {
    /// The report's id.
    pub id: i64,
    /// Who sent it.
    pub reporter_id: Option<UserId>,
    /// `post` or `message`.
    pub subject_kind: String,
    /// The post's or message's id.
    pub subject_id: i64,
    /// Who wrote it.
    pub subject_author_id: Option<UserId>,
    /// The reason's code (`spam`, …).
    pub reason: String,
    /// What the reporter added.
    pub detail: String,
    /// When (unix ms).
    pub created_at: i64,
}

/// Posts of one thread to move into a new thread.
#[derive(Clone, Debug)]
pub struct ThreadSplit {
    /// The thread they are in now.
    pub from: i64,
    /// The posts (ids in `from`; others are ignored).
    pub posts: Vec<i64>,
    /// The new thread's category.
    pub category_id: i64,
    /// The new thread's title.
    pub title: String,
}

const QUEUED_SELECT: &str = "SELECT p.id, p.thread_id, t.title AS thread_title, p.author_id, \
     NULLIF(u.display_name, '') AS author_name, u.created_at AS author_joined, \
     (SELECT COUNT(*) FROM forum_posts q WHERE q.author_id = p.author_id AND q.state = 'published') AS author_posts, \
     u.status AS author_status, p.body, p.state, p.hidden_reason, p.created_at \
     FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id LEFT JOIN users u ON u.id = p.author_id";

/// Audit actions that are the moderators' part of the log.
const MODERATION_ACTIONS: &str =
    "(a.action LIKE 'forum\\_%' ESCAPE '\\' OR a.action IN ('suspended', 'reinstated'))";

impl Store {
    /// The `limit` oldest posts waiting for approval.
    pub async fn forum_waiting_posts(&self, limit: i64) -> StoreResult<Vec<QueuedPost>> {
        let sql = format!("{QUEUED_SELECT} WHERE p.state = 'waiting' ORDER BY p.id LIMIT $1");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, QueuedPost>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(limit)
                .fetch_all(pool)
                .await
        })?)
    }

    /// The post `id` as the review queue shows it.
    pub async fn forum_queued_post(&self, id: i64) -> StoreResult<QueuedPost> {
        let sql = format!("{QUEUED_SELECT} WHERE p.id = $1");
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, QueuedPost>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        row.ok_or(StoreError::NotFound)
    }

    /// The `limit` oldest open reports, of every kind.
    pub async fn open_reports(&self, limit: i64) -> StoreResult<Vec<FlaggedReport>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, FlaggedReport>(
                "SELECT id, reporter_id, subject_kind, subject_id, subject_author_id, reason, detail, created_at \
                 FROM reports WHERE resolved_at IS NULL ORDER BY created_at, id LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await
        })?)
    }

    /// Whether `reporter` has an open report about the `kind` `id`.
    pub async fn has_open_report(&self, reporter: UserId, kind: &str, id: i64) -> StoreResult<bool> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM reports WHERE reporter_id = $1 AND subject_kind = $2 AND subject_id = $3 \
                 AND resolved_at IS NULL",
            )
            .bind(reporter)
            .bind(kind)
            .bind(id)
            .fetch_one(pool)
            .await
        })? > 0)
    }

    /// Resolves every open report about the `kind` `id`, by moderator `by`; returns
    /// how many there were.
    pub async fn resolve_reports(&self, kind: &str, id: i64, by: UserId) -> StoreResult<u64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE reports SET resolved_at = $4, resolved_by = $3 \
                 WHERE subject_kind = $1 AND subject_id = $2 AND resolved_at IS NULL",
            )
            .bind(kind)
            .bind(id)
            .bind(by)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?)
    }

    /// Sets post `id`'s state (`published`, `waiting` or `hidden`, with `reason` for
    /// hidden) and resolves its open flags (by moderator `by`), recounting its thread,
    /// in one transaction; returns the thread's id.
    pub async fn set_forum_post_state(
        &self,
        id: i64,
        state: &str,
        reason: &str,
        by: UserId,
    ) -> StoreResult<i64> {
        let now = now_millis();
        let thread = on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let thread: Option<i64> = sqlx::query_scalar(
                "UPDATE forum_posts SET state = $2, hidden_reason = $3 WHERE id = $1 RETURNING thread_id",
            )
            .bind(id)
            .bind(state)
            .bind(reason)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(thread) = thread else { return Ok(None) };
            sqlx::query(
                "UPDATE reports SET resolved_at = $2, resolved_by = $3 \
                 WHERE subject_kind = 'post' AND subject_id = $1 AND resolved_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .bind(by)
            .execute(&mut *tx)
            .await?;
            recount_thread!(&mut *tx, thread);
            tx.commit().await?;
            Ok::<_, sqlx::Error>(Some(thread))
        }
        .await)?;
        thread.ok_or(StoreError::NotFound)
    }

    /// The members post `id` mentions (told when a waiting post is approved).
    pub async fn forum_post_mentions(&self, id: i64) -> StoreResult<Vec<UserId>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, UserId>(
                "SELECT user_id FROM forum_mentions WHERE post_id = $1 ORDER BY user_id",
            )
            .bind(id)
            .fetch_all(pool)
            .await
        })?)
    }

    /// Moves thread `id` into category `category_id`.
    pub async fn move_forum_thread(&self, id: i64, category_id: i64) -> StoreResult<()> {
        let rows = on_pool!(self, |pool| {
            sqlx::query("UPDATE forum_threads SET category_id = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(category_id)
                .bind(now_millis())
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        if rows == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Merges thread `from` into thread `into` in one transaction: every post moves
    /// (they stay in the order they were written), `from` is left unlisted and leads
    /// to `into` (as does any thread merged into it before), and both are recounted.
    pub async fn merge_forum_thread(&self, from: i64, into: i64) -> StoreResult<()> {
        if from == into {
            return Err(StoreError::Conflict("a thread cannot be merged into itself".into()));
        }
        let now = now_millis();
        let done = on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let found: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM forum_threads WHERE (id = $1 OR id = $2) AND merged_into IS NULL",
            )
            .bind(from)
            .bind(into)
            .fetch_one(&mut *tx)
            .await?;
            if found != 2 {
                return Ok(false);
            }
            sqlx::query("UPDATE forum_posts SET thread_id = $2 WHERE thread_id = $1")
                .bind(from)
                .bind(into)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM forum_reads WHERE thread_id = $1").bind(from).execute(&mut *tx).await?;
            sqlx::query(
                "UPDATE forum_threads SET merged_into = $2, accepted_post_id = NULL, updated_at = $3 \
                 WHERE id = $1 OR merged_into = $1",
            )
            .bind(from)
            .bind(into)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            recount_thread!(&mut *tx, from);
            recount_thread!(&mut *tx, into);
            tx.commit().await?;
            Ok::<_, sqlx::Error>(true)
        }
        .await)?;
        if done { Ok(()) } else { Err(StoreError::NotFound) }
    }

    /// Moves the chosen posts of a thread into a new thread (started by the writer of
    /// the earliest of them), recounting both, in one transaction; returns the new
    /// thread's id. No chosen post in the thread is a [`StoreError::Conflict`] and
    /// nothing changes.
    pub async fn split_forum_thread(&self, split: &ThreadSplit) -> StoreResult<i64> {
        let now = now_millis();
        let created = on_pool!(self, |pool| {
            async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let thread: i64 = sqlx::query_scalar(
                "INSERT INTO forum_threads (category_id, title, is_question, post_count, last_post_id, \
                 last_post_at, rank, created_at, updated_at) VALUES ($1, $2, FALSE, 0, 0, $3, $3, $3, $3) RETURNING id",
            )
            .bind(split.category_id)
            .bind(&split.title)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let mut moved = 0;
            for post in &split.posts {
                moved += sqlx::query("UPDATE forum_posts SET thread_id = $3 WHERE id = $1 AND thread_id = $2")
                    .bind(*post)
                    .bind(split.from)
                    .bind(thread)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            if moved == 0 {
                return Ok(None);
            }
            sqlx::query(
                "UPDATE forum_threads SET author_id = (SELECT p.author_id FROM forum_posts p \
                 WHERE p.thread_id = forum_threads.id ORDER BY p.id LIMIT 1), \
                 created_at = (SELECT MIN(p.created_at) FROM forum_posts p WHERE p.thread_id = forum_threads.id) \
                 WHERE id = $1",
            )
            .bind(thread)
            .execute(&mut *tx)
            .await?;
            recount_thread!(&mut *tx, split.from);
            recount_thread!(&mut *tx, thread);
            tx.commit().await?;
            Ok::<_, sqlx::Error>(Some(thread))
        }
        .await
        })?;
        created.ok_or_else(|| StoreError::Conflict("no post to move".into()))
    }

    /// Suspends account `id` with `reason` (shown to its member at sign-in), ending
    /// its sessions, in one transaction.
    pub async fn suspend_account(&self, id: UserId, reason: &str) -> StoreResult<()> {
        on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let affected = sqlx::query(
                "UPDATE users SET status = 'suspended', suspended_reason = $2, updated_at = $3 \
                 WHERE id = $1 AND status <> 'deleted'",
            )
            .bind(id)
            .bind(reason)
            .bind(now_millis())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if affected == 0 {
                return Err(sqlx::Error::RowNotFound);
            }
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await
        }
        .await)?;
        self.forget_account(id);
        Ok(())
    }

    /// Why account `id` is suspended (empty when no reason was given or it is not).
    pub async fn suspension_reason(&self, id: UserId) -> StoreResult<String> {
        let reason = on_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(
                "SELECT suspended_reason FROM users WHERE id = $1 AND status = 'suspended'",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })?;
        Ok(reason.unwrap_or_default())
    }

    /// One page of the moderators' part of the audit log (forum actions, suspensions
    /// and reinstatements), newest first.
    pub async fn moderation_log(&self, page: &PageRequest) -> StoreResult<Page<AuditEntry>> {
        let sql = format!(
            "SELECT a.id, a.at, a.actor_id, actor.display_name AS actor_name, a.action, a.subject_id, \
             subject.display_name AS subject_name, a.detail, a.ip \
             FROM audit_log a \
             LEFT JOIN users actor ON actor.id = a.actor_id \
             LEFT JOIN users subject ON subject.id = a.subject_id \
             WHERE {MODERATION_ACTIONS} AND {}",
            page.sql("a.id", "a.id", 1)
        );
        let entries = on_pool!(self, |pool| {
            page.bind(sqlx::query_as::<_, AuditEntry>(sqlx::AssertSqlSafe(sql.clone()))).fetch_all(pool).await
        })?;
        Ok(page.finish(entries, |entry| Cursor::at_id(entry.id)))
    }
}
