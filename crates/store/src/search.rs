//! What the search index reads: the queue of changes the database's triggers fill
//! (migration 0027), and the forum posts, directory entries and newsletter issues
//! anyone may find. Published documents come from [`Store::published_documents`].
//!
//! Each read here applies the rules of who may see what, so that the index never holds
//! anything a visitor could not open: a post only while it is published, in a listed
//! thread, by an active member; a member only while listed in the directory with a
//! profile that is not hidden (a members-only profile says so, for the index to show it
//! to members alone); a newsletter issue once sent.

use crate::{Issue, Store, StoreResult, on_pool};

/// One row of the queue: "read `subject` `subject_id` again".
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SearchChange {
    /// Its place in the queue.
    pub id: i64,
    /// `post`, `thread`, `member` or `issue`.
    pub subject: String,
    /// The id of the post, thread, member or issue.
    pub subject_id: i64,
}

/// A forum post anyone may find, with its thread.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SearchablePost {
    /// The post.
    pub id: i64,
    /// Its thread.
    pub thread_id: i64,
    /// Whether it opens its thread (then the result is the thread itself).
    pub opens_thread: bool,
    /// Its writer.
    pub author_id: i64,
    /// The thread's title.
    pub title: String,
    /// The thread's category (its address), if it is in one.
    pub category: Option<String>,
    /// The thread's prefecture (JIS X 0401 code), if it is about one.
    pub prefecture: Option<i64>,
    /// The post's Markdown.
    pub body: String,
    /// When it was written (unix ms).
    pub created_at: i64,
}

/// Which forum posts to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostScope {
    /// Every post.
    All,
    /// Every post of one thread.
    Thread(i64),
    /// Every post of one member.
    Author(i64),
    /// Every post with an id from the first to the second, both included.
    Between(i64, i64),
}

/// A member listed in the directory, as the search index holds them.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SearchableMember {
    /// Their account.
    pub id: i64,
    /// The name they show.
    pub display_name: String,
    /// What they wrote about themselves.
    pub bio: String,
    /// Their interests, comma-separated.
    pub interests: String,
    /// Prefecture code 1–47, if given.
    pub prefecture: Option<i64>,
    /// Comma-separated school levels (empty if none given).
    pub school_levels: String,
    /// Whether only signed-in members may see them (a members-only profile).
    pub members_only: bool,
    /// When they joined (unix ms).
    pub created_at: i64,
}

/// Posts a visitor may read: published, in a listed thread that was not merged away,
/// by an active member, not emptied.
const FINDABLE_POST: &str = "p.state = 'published' AND t.listed = TRUE AND t.merged_into IS NULL \
    AND u.status = 'active' AND p.body <> ''";

impl Store {
    /// The last row of the search queue (0 when it is empty): an index built now is
    /// current up to it.
    pub async fn last_search_change(&self) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM search_changes")
                .fetch_one(pool)
                .await
        })?)
    }

    /// Up to `limit` rows of the search queue after `after`, in order.
    pub async fn search_changes_after(&self, after: i64, limit: i64) -> StoreResult<Vec<SearchChange>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, SearchChange>(
                "SELECT id, subject, subject_id FROM search_changes WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await
        })?)
    }

    /// Deletes the rows of the search queue written before `before` (unix ms); returns
    /// how many. Every node applies a row within a second or two; a node away for longer
    /// than rows are kept builds its index again.
    pub async fn prune_search_changes(&self, before: i64) -> StoreResult<u64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query("DELETE FROM search_changes WHERE created_at < $1")
                .bind(before)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?)
    }

    /// Up to `limit` findable posts of `scope` with ids after `after`, in id order (a
    /// whole forum is read page by page).
    pub async fn searchable_posts(
        &self,
        scope: PostScope,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<SearchablePost>> {
        let (column, id, last) = match scope {
            PostScope::All => ("0", 0, i64::MAX),
            PostScope::Thread(id) => ("p.thread_id", id, i64::MAX),
            PostScope::Author(id) => ("p.author_id", id, i64::MAX),
            PostScope::Between(_, last) => ("0", 0, last),
        };
        let after = match scope {
            PostScope::Between(first, _) => after.max(first - 1),
            _ => after,
        };
        let sql = format!(
            "SELECT p.id, p.thread_id, p.id = t.first_post_id AS opens_thread, p.author_id, t.title, \
             c.slug AS category, t.prefecture, p.body, p.created_at \
             FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id \
             JOIN users u ON u.id = p.author_id LEFT JOIN forum_categories c ON c.id = t.category_id \
             WHERE {FINDABLE_POST} AND {column} = $1 AND p.id > $2 AND p.id <= $4 ORDER BY p.id LIMIT $3"
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, SearchablePost>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(id)
                .bind(after)
                .bind(limit)
                .bind(last)
                .fetch_all(pool)
                .await
        })?)
    }

    /// Up to `limit` members the directory lists (`only` one of them, or all), with ids
    /// after `after`, in id order.
    pub async fn searchable_members(
        &self,
        only: Option<i64>,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<SearchableMember>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, SearchableMember>(
                "SELECT id, display_name, bio, interests, prefecture, school_levels, \
                 visibility = 'members' AS members_only, created_at FROM users \
                 WHERE listed_in_directory = TRUE AND status = 'active' \
                 AND visibility IN ('public', 'members') AND ($1 IS NULL OR id = $1) AND id > $2 \
                 ORDER BY id LIMIT $3",
            )
            .bind(only)
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await
        })?)
    }

    /// About how many entries a search index of the whole site holds (every post and
    /// listed member, and the published documents' rows), for a progress bar.
    pub async fn searchable_estimate(&self) -> StoreResult<u64> {
        let count: i64 = on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT (SELECT COUNT(*) FROM forum_posts) + (SELECT COUNT(*) FROM users WHERE listed_in_directory = TRUE) \
                 + (SELECT COUNT(*) FROM articles) + (SELECT COUNT(*) FROM posts) + (SELECT COUNT(*) FROM glossary_terms) \
                 + (SELECT COUNT(*) FROM lessons)",
            )
            .fetch_one(pool)
            .await
        })?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Newsletter issue `id` if it was sent (and so is in the public archive).
    pub async fn searchable_issue(&self, id: i64) -> StoreResult<Option<Issue>> {
        Ok(self.sent_issues().await?.into_iter().find(|issue| issue.id == id))
    }
}
