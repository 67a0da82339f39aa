//! Threads: listing a category's (pinned first, then by latest activity), reading one
//! with how far its reader has read, starting one with its first post, and what
//! moderators and authors change about one (pinned, locked, closed, accepted answer).

use super::{NewPost, PIN_BOOST};
use crate::{
    BeginWrite, Cursor, Page, PageRequest, Store, StoreError, StoreResult, Tidings, UserId,
    group_commit::GroupWrite, notifications::save_tidings_in, now_millis, on_pool,
};

/// A thread, with its author's name and how far the reader has read it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Thread {
    /// Database id.
    pub id: i64,
    /// Its category (`None` for the discussion of a lesson, article or post).
    pub category_id: Option<i64>,
    /// Its category's address.
    pub category_slug: Option<String>,
    /// Its category's English name.
    pub category_name_en: Option<String>,
    /// Its category's Japanese name.
    pub category_name_ja: Option<String>,
    /// What it discusses, for a discussion: `lesson`, `article` or `post`.
    pub about_kind: Option<String>,
    /// The id of what it discusses.
    pub about_id: Option<i64>,
    /// The page of what it discusses (as it was when the discussion started).
    pub about_link: Option<String>,
    /// Title.
    pub title: String,
    /// Who started it (`None` once their account is gone).
    pub author_id: Option<UserId>,
    /// Their display name.
    pub author_name: Option<String>,
    /// Whether it asks a question (which can have an accepted answer).
    pub is_question: bool,
    /// The reply accepted as the answer.
    pub accepted_post_id: Option<i64>,
    /// Shown first in its category.
    pub pinned: bool,
    /// Locked by a moderator: no replies, no edits but moderators'.
    pub locked: bool,
    /// Closed by its author or a moderator: no replies.
    pub closed: bool,
    /// Its first post (the question, for a question).
    pub first_post_id: i64,
    /// How many posts it holds (the first included).
    pub post_count: i64,
    /// Its latest post's id.
    pub last_post_id: i64,
    /// When its latest post was written (unix ms).
    pub last_post_at: i64,
    /// Its place in its category's list (see [`PIN_BOOST`]).
    pub rank: i64,
    /// When it was started (unix ms).
    pub created_at: i64,
    /// The latest post the reader has seen, if they are signed in and have read it.
    pub last_read: Option<i64>,
    /// The prefecture (JIS code) it is local to, if any.
    pub prefecture: Option<i64>,
    /// Whether it is listed: its opening post is published and it was not merged away.
    pub listed: bool,
    /// The thread it was merged into, which its address now leads to.
    pub merged_into: Option<i64>,
}

impl Thread {
    /// Whether it has posts the reader has not seen (never for visitors).
    pub fn has_unread(&self, signed_in: bool) -> bool {
        signed_in && self.last_read.is_none_or(|read| read < self.last_post_id)
    }

    /// Whether it takes replies.
    pub fn open(&self) -> bool {
        !self.locked && !self.closed
    }
}

/// What a discussion thread is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct About {
    /// `lesson`, `article` or `post`.
    pub kind: &'static str,
    /// The lesson's stable id, or the article's or post's document id.
    pub id: i64,
}

/// A thread to start, with its first post.
#[derive(Clone, Debug)]
pub struct NewThread {
    /// Its category (`None` for a discussion).
    pub category_id: Option<i64>,
    /// What it discusses, for a discussion.
    pub about: Option<About>,
    /// The page of what it discusses, for a discussion.
    pub about_link: Option<String>,
    /// Title.
    pub title: String,
    /// Whether it asks a question.
    pub is_question: bool,
    /// Its first post.
    pub post: NewPost,
    /// The prefecture (JIS code) it is local to, if any.
    pub prefecture: Option<i64>,
}

/// The columns of [`Thread`]; `$1` is the reader's id (0 for a visitor).
const THREAD_SELECT: &str = "SELECT t.id, t.category_id, c.slug AS category_slug, \
     c.name_en AS category_name_en, c.name_ja AS category_name_ja, t.about_kind, t.about_id, t.about_link, t.title, t.author_id, \
     NULLIF(u.display_name, '') AS author_name, t.is_question, t.accepted_post_id, t.pinned, t.locked, t.closed, \
     t.first_post_id, t.post_count, t.last_post_id, t.last_post_at, t.rank, t.created_at, r.last_post_id AS last_read, \
     t.prefecture, t.listed, t.merged_into \
     FROM forum_threads t LEFT JOIN users u ON u.id = t.author_id \
     LEFT JOIN forum_categories c ON c.id = t.category_id \
     LEFT JOIN forum_reads r ON r.thread_id = t.id AND r.user_id = $1";

fn reader_id(reader: Option<UserId>) -> i64 {
    reader.map_or(0, |id| id.0)
}

impl Store {
    /// One page of the threads in category `category_id`: pinned first, then by
    /// latest activity.
    pub async fn forum_threads(
        &self,
        category_id: i64,
        reader: Option<UserId>,
        page: &PageRequest,
    ) -> StoreResult<Page<Thread>> {
        let sql = format!(
            "{THREAD_SELECT} WHERE t.category_id = $2 AND t.listed AND {}",
            page.sql("t.rank", "t.id", 3)
        );
        let rows = on_pool!(self, |pool| {
            page.bind(
                sqlx::query_as::<_, Thread>(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(reader_id(reader))
                    .bind(category_id),
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(page.finish(rows, |thread| Cursor::new(thread.rank, thread.id)))
    }

    /// The `limit` threads local to `prefecture` (JIS code) with the latest activity.
    pub async fn forum_threads_in_prefecture(
        &self,
        prefecture: i64,
        reader: Option<UserId>,
        limit: i64,
    ) -> StoreResult<Vec<Thread>> {
        let sql = format!(
            "{THREAD_SELECT} WHERE t.prefecture = $2 AND t.listed ORDER BY t.last_post_at DESC, t.id DESC LIMIT $3"
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Thread>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(reader_id(reader))
                .bind(prefecture)
                .bind(limit)
                .fetch_all(pool)
                .await
        })?)
    }

    /// The thread `id`, with how far `reader` has read it.
    pub async fn forum_thread(&self, id: i64, reader: Option<UserId>) -> StoreResult<Thread> {
        let sql = format!("{THREAD_SELECT} WHERE t.id = $2");
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, Thread>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(reader_id(reader))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        row.ok_or(StoreError::NotFound)
    }

    /// The discussion about `about`, if anyone has posted in it yet.
    pub async fn forum_thread_about(
        &self,
        about: About,
        reader: Option<UserId>,
    ) -> StoreResult<Option<Thread>> {
        let sql = format!("{THREAD_SELECT} WHERE t.about_kind = $2 AND t.about_id = $3");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Thread>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(reader_id(reader))
                .bind(about.kind)
                .bind(about.id)
                .fetch_optional(pool)
                .await
        })?)
    }

    /// Starts a thread with its first post, in one transaction with what `tidings`
    /// tell members about it ([`crate::NEW_POST`] standing for the post's id); returns
    /// the thread's and the post's ids. A second discussion about the same item is a
    /// [`StoreError::Conflict`] (someone else started it a moment ago).
    pub async fn start_forum_thread(&self, new: &NewThread, tidings: &Tidings) -> StoreResult<(i64, i64)> {
        let now = now_millis();
        let (started, told) = on_pool!(self, |pool| {
            async {
                let mut tx = pool.begin_write(&self.writer).await?;
                let (thread, post) = start_thread_in!(&mut *tx, new, now);
                let told = tidings.for_post(post);
                save_tidings_in!(&mut *tx, &told, now);
                tx.commit().await?;
                Ok::<_, sqlx::Error>(((thread, post), told))
            }
            .await
        })?;
        self.forget_told(&told);
        Ok(started)
    }

    /// Adds a reply to thread `thread_id`, in one transaction with the thread's
    /// counters and what `tidings` tell members about it ([`crate::NEW_POST`] standing
    /// for the post's id); returns the post's id. On SQLite the transaction is the next
    /// group commit (see `group_commit`). A thread that is locked or closed (by now) is
    /// a [`StoreError::Conflict`] and nothing is written. A waiting post changes no
    /// counter: the public sees nothing new until it is approved.
    pub async fn reply_in_forum_thread(
        &self,
        thread_id: i64,
        post: &NewPost,
        tidings: &Tidings,
    ) -> StoreResult<i64> {
        let write = ReplyWrite { thread_id, post: post.clone(), tidings: tidings.clone(), at: now_millis() };
        let id = match &self.group {
            Some(group) => group.submit(GroupWrite::Reply(write)).await?,
            None => on_pool!(self, |pool| async {
                let mut tx = pool.begin_write(&self.writer).await?;
                let Some(id) = reply_in!(&mut *tx, thread_id, &write.post, write.at) else { return Ok(0) };
                save_tidings_in!(&mut *tx, &write.tidings.for_post(id), write.at);
                tx.commit().await?;
                Ok::<_, sqlx::Error>(id)
            }
            .await)?,
        };
        if id == 0 {
            return Err(StoreError::Conflict("the thread takes no replies".into()));
        }
        self.forget_told(tidings);
        Ok(id)
    }

    /// The thread `author` started since `since` (unix ms) with this title and first
    /// post, if any: the same form sent twice.
    pub async fn recent_forum_thread_like(
        &self,
        author: UserId,
        title: &str,
        body: &str,
        since: i64,
    ) -> StoreResult<Option<i64>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT t.id FROM forum_threads t JOIN forum_posts p ON p.id = t.first_post_id \
                 WHERE t.author_id = $1 AND t.title = $2 AND p.body = $3 AND t.created_at >= $4 \
                 ORDER BY t.id DESC LIMIT 1",
            )
            .bind(author)
            .bind(title)
            .bind(body)
            .bind(since)
            .fetch_optional(pool)
            .await
        })?)
    }

    /// Pins or unpins a thread.
    pub async fn set_forum_thread_pinned(&self, id: i64, pinned: bool) -> StoreResult<()> {
        let rows = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE forum_threads SET pinned = $2, rank = last_post_at + $3, updated_at = $4 WHERE id = $1",
            )
            .bind(id)
            .bind(pinned)
            .bind(if pinned { PIN_BOOST } else { 0 })
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        if rows == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Locks or unlocks a thread.
    pub async fn set_forum_thread_locked(&self, id: i64, locked: bool) -> StoreResult<()> {
        self.change_thread("UPDATE forum_threads SET locked = $2, updated_at = $3 WHERE id = $1", id, locked)
            .await
    }

    /// Closes or reopens a thread.
    pub async fn set_forum_thread_closed(&self, id: i64, closed: bool) -> StoreResult<()> {
        self.change_thread("UPDATE forum_threads SET closed = $2, updated_at = $3 WHERE id = $1", id, closed)
            .await
    }

    /// Runs one of the flag changes above: `$2` the flag, `$3` now.
    async fn change_thread(&self, sql: &'static str, id: i64, flag: bool) -> StoreResult<()> {
        let rows = on_pool!(self, |pool| {
            sqlx::query(sql)
                .bind(id)
                .bind(flag)
                .bind(now_millis())
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        if rows == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Accepts post `post_id` (a reply in the thread) as the thread's answer, or undoes
    /// the choice with `None`.
    pub async fn set_forum_accepted_answer(&self, thread_id: i64, post_id: Option<i64>) -> StoreResult<()> {
        let rows = on_pool!(self, |pool| {
            sqlx::query("UPDATE forum_threads SET accepted_post_id = $2, updated_at = $3 WHERE id = $1")
                .bind(thread_id)
                .bind(post_id)
                .bind(now_millis())
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        if rows == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Notes that `user` has read thread `thread_id` up to post `last_post_id` (never
    /// moving back): one small upsert.
    pub async fn mark_forum_thread_read(
        &self,
        user: UserId,
        thread_id: i64,
        last_post_id: i64,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            sqlx::query(
                "INSERT INTO forum_reads (user_id, thread_id, last_post_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, thread_id) DO UPDATE SET last_post_id = excluded.last_post_id \
                 WHERE forum_reads.last_post_id < excluded.last_post_id",
            )
            .bind(user)
            .bind(thread_id)
            .bind(last_post_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await
        }
        .await)?;
        Ok(())
    }

    /// Every thread's id and latest activity (unix ms), for the sitemap.
    pub async fn forum_thread_dates(&self) -> StoreResult<Vec<(i64, i64)>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT id, last_post_at FROM forum_threads WHERE listed ORDER BY id",
            )
            .fetch_all(pool)
            .await
        })?)
    }
}

/// Starts thread `$new` with its first post inside the transaction `$tx` (both
/// backends); yields the thread's and the post's ids. A waiting first post leaves the
/// thread unlisted, with nothing counted.
macro_rules! start_thread_in {
    ($tx:expr, $new:expr, $now:expr) => {{
        let new: &$crate::forum::NewThread = $new;
        let thread: i64 = sqlx::query_scalar(
            "INSERT INTO forum_threads (category_id, about_kind, about_id, about_link, title, author_id, \
             is_question, post_count, last_post_id, last_post_at, rank, created_at, updated_at, prefecture) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, $8, $8, $8, $8, $9) RETURNING id",
        )
        .bind(new.category_id)
        .bind(new.about.map(|about| about.kind))
        .bind(new.about.map(|about| about.id))
        .bind(&new.about_link)
        .bind(&new.title)
        .bind(new.post.author)
        .bind(new.is_question)
        .bind($now)
        .bind(new.prefecture)
        .fetch_one(&mut *$tx)
        .await?;
        let post = $crate::forum::posts::insert_post!(&mut *$tx, thread, &new.post, $now);
        $crate::forum::recount_thread!(&mut *$tx, thread);
        (thread, post)
    }};
}
pub(super) use start_thread_in;

/// Adds the reply `$post` to thread `$thread` inside the transaction `$tx` (both
/// backends), with the thread's counters (a waiting post changes none); yields the
/// post's id, or `None` when the thread takes no replies. Nothing is written then,
/// unless the thread was locked or closed between the check and the post (possible on
/// PostgreSQL only), and then the caller must not commit.
macro_rules! reply_in {
    ($tx:expr, $thread:expr, $post:expr, $now:expr) => {{
        let post: &$crate::forum::NewPost = $post;
        let thread: i64 = $thread;
        let open: Option<bool> =
            sqlx::query_scalar("SELECT NOT locked AND NOT closed FROM forum_threads WHERE id = $1")
                .bind(thread)
                .fetch_optional(&mut *$tx)
                .await?;
        if open != Some(true) {
            None
        } else {
            let id = $crate::forum::posts::insert_post!(&mut *$tx, thread, post, $now);
            let counted = if post.waiting { 0 } else { 1 };
            let updated = sqlx::query(
                "UPDATE forum_threads SET post_count = post_count + $5, \
             last_post_id = CASE WHEN $5 = 1 THEN $2 ELSE last_post_id END, \
             last_post_at = CASE WHEN $5 = 1 THEN $3 ELSE last_post_at END, \
             rank = CASE WHEN $5 = 1 THEN $3 + CASE WHEN pinned THEN $4 ELSE 0 END ELSE rank END, \
             updated_at = $3 \
             WHERE id = $1 AND NOT locked AND NOT closed",
            )
            .bind(thread)
            .bind(id)
            .bind($now)
            .bind($crate::forum::PIN_BOOST)
            .bind(counted)
            .execute(&mut *$tx)
            .await?
            .rows_affected();
            (updated > 0).then_some(id)
        }
    }};
}
pub(super) use reply_in;

/// A reply as the group commit takes it (see `group_commit`).
#[derive(Clone, Debug)]
pub(crate) struct ReplyWrite {
    /// The thread.
    pub thread_id: i64,
    /// The post.
    pub post: NewPost,
    /// What it tells members ([`crate::NEW_POST`] standing for the post's id).
    pub tidings: Tidings,
    /// When it was written (unix ms).
    pub at: i64,
}

/// Runs `reply` on SQLite inside the transaction (or savepoint) `conn`; the new post's
/// id, or 0 when the thread takes no replies (nothing is written then: SQLite has one
/// writer, so the check before the post holds).
pub(crate) async fn reply_on_sqlite(
    conn: &mut sqlx::SqliteConnection,
    reply: &ReplyWrite,
) -> sqlx::Result<i64> {
    let Some(id) = reply_in!(&mut *conn, reply.thread_id, &reply.post, reply.at) else { return Ok(0) };
    save_tidings_in!(&mut *conn, &reply.tidings.for_post(id), reply.at);
    Ok(id)
}
