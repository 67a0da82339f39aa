//! What the posting limits read: a member's own recent posts (one range scan of the
//! index `forum_posts (author_id, created_at, thread_id, body_hash)`, which holds all
//! it needs), who blocked a member (their mentions of them count for nothing), and a
//! thread's posts with their Markdown for the API.

use crate::{Page, PageRequest, Store, StoreResult, UserId, on_pool};

use super::PostView;

/// One of a member's recent posts, as the posting limits weigh it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RecentPost {
    /// The post's id.
    pub id: i64,
    /// When it was written (unix ms).
    pub created_at: i64,
    /// Its thread.
    pub thread_id: i64,
    /// Whether its Markdown is the text being posted now.
    pub same_text: bool,
}

/// The hash of a post's Markdown kept beside it (`forum_posts.body_hash`): the first
/// eight bytes of its SHA-256, stable across builds and machines (unlike the standard
/// library's hasher), so posts written by any node compare.
pub(crate) fn body_hash(body: &str) -> i64 {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(body.as_bytes());
    let mut first = [0_u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

impl Store {
    /// `author`'s posts written since `since` (unix ms), newest first, at most `limit`,
    /// each with whether its Markdown is `body`, whatever its state (published, waiting
    /// or hidden): one read of the author index, which reads a post's text only when
    /// its hash is `body`'s (or it has none).
    pub async fn recent_forum_posts_of(
        &self,
        author: UserId,
        since: i64,
        body: &str,
        limit: i64,
    ) -> StoreResult<Vec<RecentPost>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, RecentPost>(
                "SELECT id, created_at, thread_id, \
                 CASE WHEN body_hash IS NULL OR body_hash = $3 THEN body = $4 ELSE FALSE END AS same_text \
                 FROM forum_posts WHERE author_id = $1 AND created_at >= $2 ORDER BY created_at DESC LIMIT $5",
            )
            .bind(author)
            .bind(since)
            .bind(body_hash(body))
            .bind(body)
            .bind(limit.max(1))
            .fetch_all(pool)
            .await
        })?)
    }

    /// The members who blocked `blocked`.
    pub async fn blockers_of(&self, blocked: UserId) -> StoreResult<Vec<UserId>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, UserId>("SELECT blocker_id FROM member_blocks WHERE blocked_id = $1")
                .bind(blocked)
                .fetch_all(pool)
                .await
        })?)
    }

    /// Like [`Store::forum_posts`], with each post's Markdown (for the API): the
    /// first `page.limit` posts after `page.after`, oldest first.
    pub async fn forum_posts_with_markdown(
        &self,
        thread_id: i64,
        reader: Option<UserId>,
        page: &PageRequest,
    ) -> StoreResult<Page<PostView>> {
        let mut listed = self.forum_posts(thread_id, reader, page).await?;
        let (Some(first), Some(last)) =
            (listed.items.first().map(|p| p.id), listed.items.last().map(|p| p.id))
        else {
            return Ok(listed);
        };
        let bodies = on_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, String)>(
                "SELECT id, body FROM forum_posts WHERE thread_id = $1 AND id >= $2 AND id <= $3",
            )
            .bind(thread_id)
            .bind(first.min(last))
            .bind(first.max(last))
            .fetch_all(pool)
            .await
        })?;
        for post in &mut listed.items {
            if let Some((_, body)) = bodies.iter().find(|(id, _)| *id == post.id) {
                post.body.clone_from(body);
            }
        }
        Ok(listed)
    }
}
