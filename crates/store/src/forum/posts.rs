//! Posts: a thread's page of them (oldest first, with their authors, in one query),
//! one post, editing with every earlier version kept, "helpful" reactions and who the
//! posts of a thread mention.

use crate::{
    BeginWrite, Cursor, Page, PageRequest, Store, StoreError, StoreResult, UserId, now_millis, on_pool,
};

/// A post to write.
#[derive(Clone, Debug)]
pub struct NewPost {
    /// Its writer.
    pub author: UserId,
    /// The Markdown they wrote.
    pub body: String,
    /// That Markdown rendered (members' profile), with mentions marked.
    pub body_html: String,
    /// The members it mentions.
    pub mentions: Vec<UserId>,
    /// Whether it waits for a moderator's approval (a new member's post) instead of
    /// being published at once.
    pub waiting: bool,
}

/// A post as a page shows it, with its author and whether the reader found it helpful.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PostView {
    /// Database id.
    pub id: i64,
    /// Its thread.
    pub thread_id: i64,
    /// Its writer (`None` once their account is gone).
    pub author_id: Option<UserId>,
    /// Their display name.
    pub author_name: Option<String>,
    /// Their account's status (`active`, …), for whether their profile may be linked.
    pub author_status: Option<String>,
    /// Who may see their profile (`public`, `members`, `hidden`).
    pub author_visibility: Option<String>,
    /// Their handle, what others @mention them by.
    pub author_handle: Option<String>,
    /// The Markdown (empty in a thread page's list, which shows only the HTML).
    pub body: String,
    /// The rendered HTML.
    pub body_html: String,
    /// How many members found it helpful.
    pub helpful: i64,
    /// When it was last edited (unix ms), if it was.
    pub edited_at: Option<i64>,
    /// When it was written (unix ms).
    pub created_at: i64,
    /// Whether the reader found it helpful.
    pub reacted: bool,
    /// `published`, `waiting` (for a moderator) or `hidden` (by one).
    pub state: String,
    /// Why a moderator hid it (empty unless hidden).
    pub hidden_reason: String,
}

impl PostView {
    /// Whether everyone may see it.
    pub fn published(&self) -> bool {
        self.state == POST_PUBLISHED
    }
}

/// A post everyone may see.
pub const POST_PUBLISHED: &str = "published";
/// A reader's own marks on a page of a thread (see [`Store::forum_reader_marks`]).
#[derive(Clone, Debug, Default)]
pub struct ReaderMarks {
    /// The posts they marked helpful.
    pub helpful: Vec<i64>,
    /// Whether they have a post in the thread waiting for a moderator or hidden.
    pub unpublished_own: bool,
    /// The newest post they have seen in the thread, if they have read it.
    pub last_read: Option<i64>,
}

/// A post waiting for a moderator's approval.
pub const POST_WAITING: &str = "waiting";
/// A post a moderator hid.
pub const POST_HIDDEN: &str = "hidden";

/// An earlier version of a post.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PostRevision {
    /// Database id.
    pub id: i64,
    /// The Markdown it had.
    pub body: String,
    /// When that version was written (unix ms).
    pub written_at: i64,
    /// When it was replaced (unix ms).
    pub replaced_at: i64,
    /// Who replaced it.
    pub editor_name: Option<String>,
}

/// Inserts a [`NewPost`] and its mentions into thread `$thread` inside the
/// transaction `$tx` (both backends); yields the post's id.
macro_rules! insert_post {
    ($tx:expr, $thread:expr, $post:expr, $now:expr) => {{
        let post: &$crate::forum::NewPost = $post;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO forum_posts (thread_id, author_id, body, body_hash, body_html, created_at, state) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind($thread)
        .bind(post.author)
        .bind(&post.body)
        .bind($crate::forum::body_hash(&post.body))
        .bind(&post.body_html)
        .bind($now)
        .bind(if post.waiting { $crate::forum::POST_WAITING } else { $crate::forum::POST_PUBLISHED })
        .fetch_one($tx)
        .await?;
        for user in &post.mentions {
            sqlx::query(
                "INSERT INTO forum_mentions (post_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(*user)
            .execute($tx)
            .await?;
        }
        id
    }};
}
pub(super) use insert_post;

/// The columns of [`PostView`], with `body` standing for the Markdown column; `$1` is
/// the reader's id (0 for a visitor).
fn post_select(body: &str) -> String {
    format!(
        "SELECT p.id, p.thread_id, p.author_id, NULLIF(u.display_name, '') AS author_name, u.status AS author_status, \
         u.visibility AS author_visibility, h.handle AS author_handle, {body} AS body, p.body_html, p.helpful, \
         p.edited_at, p.created_at, \
         EXISTS (SELECT 1 FROM forum_reactions x WHERE x.post_id = p.id AND x.user_id = $1) AS reacted, \
         p.state, p.hidden_reason \
         FROM forum_posts p LEFT JOIN users u ON u.id = p.author_id \
         LEFT JOIN member_handles h ON h.user_id = p.author_id"
    )
}

impl Store {
    /// One page of thread `thread_id`'s posts, oldest first, with their authors: one
    /// query. The list runs the other way from the store's newest-first lists, so the
    /// page's `newer` cursor (followed with `before`) leads to the earlier posts and
    /// `older` (followed with `after`) to the later ones.
    ///
    /// Only published posts and the reader's own; [`Store::forum_posts_seen_by`] also
    /// shows a moderator the waiting and hidden ones.
    pub async fn forum_posts(
        &self,
        thread_id: i64,
        reader: Option<UserId>,
        page: &PageRequest,
    ) -> StoreResult<Page<PostView>> {
        self.forum_posts_seen_by(thread_id, reader, false, page).await
    }

    /// [`Store::forum_posts`], with every post (waiting and hidden too) when `moderator`.
    pub async fn forum_posts_seen_by(
        &self,
        thread_id: i64,
        reader: Option<UserId>,
        moderator: bool,
        page: &PageRequest,
    ) -> StoreResult<Page<PostView>> {
        let limit = page.limit.max(1);
        let (condition, cursor) = match (page.before, page.after) {
            (Some(before), _) => ("p.id < $3 ORDER BY p.id DESC", before.id),
            (None, Some(after)) => ("p.id > $3 ORDER BY p.id ASC", after.id),
            (None, None) => ("p.id > $3 ORDER BY p.id ASC", 0),
        };
        let sql = format!(
            "{} WHERE p.thread_id = $2 AND (p.state = 'published' OR p.author_id = $1 OR $5) AND {condition} LIMIT $4",
            post_select("''")
        );
        let mut rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, PostView>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(reader.map_or(0, |id| id.0))
                .bind(thread_id)
                .bind(cursor)
                .bind(limit.saturating_add(1))
                .bind(moderator)
                .fetch_all(pool)
                .await
        })?;
        let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let at = |post: &PostView| Cursor::at_id(post.id);
        Ok(if page.before.is_some() {
            rows.reverse();
            let earlier = if more { rows.first().map(at) } else { None };
            let later = rows.last().map(at).or(page.before);
            Page { items: rows, newer: earlier, older: later }
        } else {
            let earlier = if page.after.is_some() { rows.first().map(at).or(page.after) } else { None };
            let later = if more { rows.last().map(at) } else { None };
            Page { items: rows, newer: earlier, older: later }
        })
    }

    /// What `reader`'s own page of thread `thread_id` needs beyond the page every
    /// member shares: which of `posts` they marked helpful, whether they have a post in
    /// the thread that only they and the moderators see, and how far they had read it.
    /// One query.
    pub async fn forum_reader_marks(
        &self,
        thread_id: i64,
        reader: UserId,
        posts: &[i64],
    ) -> StoreResult<ReaderMarks> {
        // The marks between the page's first and last post (one range of the index on
        // the member's marks), of which those on the page's posts count.
        let (first, last) =
            (posts.iter().min().copied().unwrap_or(0), posts.iter().max().copied().unwrap_or(0));
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT 'helpful', post_id FROM forum_reactions WHERE user_id = $1 AND post_id BETWEEN $3 AND $4 \
                 UNION ALL SELECT 'read', last_post_id FROM forum_reads WHERE user_id = $1 AND thread_id = $2 \
                 UNION ALL SELECT 'own', 0 FROM (SELECT 1 AS one FROM forum_posts \
                 WHERE author_id = $1 AND thread_id = $2 AND state <> 'published' LIMIT 1) own",
            )
            .bind(reader)
            .bind(thread_id)
            .bind(first)
            .bind(last)
            .fetch_all(pool)
            .await
        })?;
        let mut marks = ReaderMarks::default();
        for (kind, value) in rows {
            match kind.as_str() {
                "helpful" if posts.contains(&value) => marks.helpful.push(value),
                "helpful" => {}
                "read" => marks.last_read = Some(value),
                _ => marks.unpublished_own = true,
            }
        }
        Ok(marks)
    }

    /// The post `id`, with its Markdown.
    pub async fn forum_post(&self, id: i64, reader: Option<UserId>) -> StoreResult<PostView> {
        let sql = format!("{} WHERE p.id = $2", post_select("p.body"));
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, PostView>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(reader.map_or(0, |id| id.0))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        row.ok_or(StoreError::NotFound)
    }

    /// Replaces post `id`'s text with `new` (written by `editor`), keeping the text it
    /// replaces as an earlier version, in one transaction.
    pub async fn edit_forum_post(&self, id: i64, editor: UserId, new: &NewPost) -> StoreResult<()> {
        let now = now_millis();
        let done = on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let old: Option<(String, i64)> =
                sqlx::query_as("SELECT body, COALESCE(edited_at, created_at) FROM forum_posts WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((body, written_at)) = old else { return Ok(false) };
            sqlx::query(
                "INSERT INTO forum_post_revisions (post_id, body, editor_id, written_at, replaced_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(body)
            .bind(editor)
            .bind(written_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE forum_posts SET body = $2, body_hash = $3, body_html = $4, edited_at = $5 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(&new.body)
            .bind(super::body_hash(&new.body))
            .bind(&new.body_html)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM forum_mentions WHERE post_id = $1").bind(id).execute(&mut *tx).await?;
            for user in &new.mentions {
                sqlx::query(
                    "INSERT INTO forum_mentions (post_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(*user)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(true)
        }
        .await)?;
        if done { Ok(()) } else { Err(StoreError::NotFound) }
    }

    /// The earlier versions of post `id`, newest first.
    pub async fn forum_post_revisions(&self, id: i64) -> StoreResult<Vec<PostRevision>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, PostRevision>(
                "SELECT r.id, r.body, r.written_at, r.replaced_at, NULLIF(u.display_name, '') AS editor_name \
                 FROM forum_post_revisions r LEFT JOIN users u ON u.id = r.editor_id \
                 WHERE r.post_id = $1 ORDER BY r.id DESC LIMIT 200",
            )
            .bind(id)
            .fetch_all(pool)
            .await
        })?)
    }

    /// Adds `user`'s "helpful" to post `id`, or takes it back if they gave it; returns
    /// whether they find it helpful now.
    pub async fn toggle_forum_helpful(&self, id: i64, user: UserId) -> StoreResult<bool> {
        let now = now_millis();
        Ok(on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let removed = sqlx::query("DELETE FROM forum_reactions WHERE post_id = $1 AND user_id = $2")
                .bind(id)
                .bind(user)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let (change, now_on) = if removed > 0 {
                (-1_i64, false)
            } else {
                let added = sqlx::query(
                    "INSERT INTO forum_reactions (post_id, user_id, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(user)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                (i64::try_from(added).unwrap_or(0), true)
            };
            sqlx::query("UPDATE forum_posts SET helpful = helpful + $2 WHERE id = $1")
                .bind(id)
                .bind(change)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(now_on)
        }
        .await)?)
    }

    /// The members mentioned anywhere in thread `thread_id`, with their account status
    /// and profile visibility (to decide, per reader, whether a mention is a link).
    pub async fn forum_thread_mentions(&self, thread_id: i64) -> StoreResult<Vec<(UserId, String, String)>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, (UserId, String, String)>(
                "SELECT DISTINCT u.id, u.status, u.visibility FROM forum_mentions m \
                 JOIN forum_posts p ON p.id = m.post_id JOIN users u ON u.id = m.user_id \
                 WHERE p.thread_id = $1",
            )
            .bind(thread_id)
            .fetch_all(pool)
            .await
        })?)
    }
}

/// A post as its writer's data download lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OwnPost {
    /// Its id.
    pub id: i64,
    /// Its thread.
    pub thread_id: i64,
    /// The thread's title.
    pub thread_title: String,
    /// The text as written (Markdown).
    pub body: String,
    /// When it was written (unix ms).
    pub created_at: i64,
    /// When it was last edited (unix ms).
    pub edited_at: Option<i64>,
    /// `published`, `waiting` or `hidden`.
    pub state: String,
}

impl Store {
    /// Every forum post `user` wrote, oldest first (for their data download).
    pub async fn forum_posts_of(&self, user: UserId) -> StoreResult<Vec<OwnPost>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, OwnPost>(
                "SELECT p.id, p.thread_id, t.title AS thread_title, p.body, p.created_at, p.edited_at, p.state \
                 FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id \
                 WHERE p.author_id = $1 ORDER BY p.id",
            )
            .bind(user)
            .fetch_all(pool)
            .await
        })?)
    }
}
