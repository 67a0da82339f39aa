//! Shared resources: files members share in forum threads, each announced by a post.
//!
//! The bytes are a blob ([`Store::put_blob`]: found by hash, stored once). A resource
//! row keeps the post that carries it (`post_id`), and every list reads resources
//! through that post and its thread, so a resource shows exactly where its post does:
//! [`RESOURCE_SHOWN`] is the one condition every reader's list applies.
//!
//! Sharing writes the post, the resource and the thread's counters in one transaction.

use super::{
    NewPost, NewThread,
    threads::{reply_in, start_thread_in},
};
use crate::{
    BeginWrite, Cursor, Page, PageRequest, Store, StoreError, StoreResult, Tidings, UserId,
    notifications::save_tidings_in, now_millis, on_pool,
};

/// The condition (on `p`, the post carrying the resource, and `t`, its thread) for a
/// resource to be listed or downloaded: its post is published (not waiting for a
/// moderator, not hidden) in a thread the public can open.
pub const RESOURCE_SHOWN: &str = "p.state = 'published' AND t.listed";

/// A file to share, already checked and stored as a blob.
#[derive(Clone, Debug)]
pub struct NewResource {
    /// Who shares it.
    pub user: UserId,
    /// The SHA-256 (hex) of the stored blob.
    pub sha256: String,
    /// The safe display name (no folders, no control characters).
    pub file_name: String,
    /// Its checked kind: the lowercase extension (`pdf`, `docx` …).
    pub kind: String,
    /// Its checked `Content-Type`.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// Title.
    pub title: String,
    /// Short description (may be empty).
    pub description: String,
    /// The licence's code (the app knows them).
    pub licence: String,
    /// School level code.
    pub school_level: String,
    /// Grade (1–6), if given.
    pub grade: Option<i64>,
    /// Topic (a topic's slug or a short tag; may be empty).
    pub topic: String,
}

/// A shared resource as pages list it, with its thread and who shared it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ResourceView {
    /// Database id.
    pub id: i64,
    /// The post that carries it.
    pub post_id: i64,
    /// That post's thread.
    pub thread_id: i64,
    /// The thread's title.
    pub thread_title: String,
    /// Who shared it (`None` once their account row is gone).
    pub author_id: Option<UserId>,
    /// Their display name (`None` for a deleted account: "a former member").
    pub author_name: Option<String>,
    /// Their account's status, for whether their profile may be linked.
    pub author_status: Option<String>,
    /// Who may see their profile.
    pub author_visibility: Option<String>,
    /// The blob holding the bytes.
    pub blob_id: i64,
    /// The bytes' SHA-256 (hex).
    pub sha256: String,
    /// Safe display name.
    pub file_name: String,
    /// Checked kind (lowercase extension).
    pub kind: String,
    /// Checked `Content-Type`.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// Title.
    pub title: String,
    /// Short description.
    pub description: String,
    /// Licence code.
    pub licence: String,
    /// School level code.
    pub school_level: String,
    /// Grade, if given.
    pub grade: Option<i64>,
    /// Topic (may be empty).
    pub topic: String,
    /// How many times it was downloaded.
    pub downloads: i64,
    /// When it was shared (unix ms).
    pub created_at: i64,
}

/// How the resources page is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResourceOrder {
    /// Newest first.
    #[default]
    Newest,
    /// Most downloaded first (then newest).
    MostDownloaded,
}

/// What the resources page is filtered by (`None`: any).
#[derive(Clone, Debug, Default)]
pub struct ResourceFilter {
    /// School level code.
    pub school_level: Option<String>,
    /// Grade.
    pub grade: Option<i64>,
    /// Topic.
    pub topic: Option<String>,
    /// Order.
    pub order: ResourceOrder,
}

const RESOURCE_SELECT: &str = "SELECT r.id, r.post_id, p.thread_id, t.title AS thread_title, r.user_id AS author_id, \
     NULLIF(u.display_name, '') AS author_name, u.status AS author_status, u.visibility AS author_visibility, \
     r.blob_id, r.sha256, r.file_name, r.kind, r.content_type, r.size, r.title, r.description, r.licence, \
     r.school_level, r.grade, r.topic, r.downloads, r.created_at \
     FROM forum_resources r JOIN forum_posts p ON p.id = r.post_id \
     JOIN forum_threads t ON t.id = p.thread_id LEFT JOIN users u ON u.id = r.user_id";

/// Inserts `$resource` carried by post `$post` in the transaction `$tx`, then puts the
/// resource's id in place of `$marker` in the post (its link to the file); yields the
/// resource's id.
macro_rules! insert_resource {
    ($tx:expr, $post_id:expr, $post:expr, $resource:expr, $marker:expr, $now:expr) => {{
        let r: &NewResource = $resource;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO forum_resources (post_id, user_id, blob_id, sha256, file_name, kind, content_type, size, \
             title, description, licence, school_level, grade, topic, created_at) \
             SELECT $1, $2, b.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM blobs b WHERE b.hash = $3 \
             RETURNING id",
        )
        .bind($post_id)
        .bind(r.user)
        .bind(&r.sha256)
        .bind(&r.file_name)
        .bind(&r.kind)
        .bind(&r.content_type)
        .bind(r.size)
        .bind(&r.title)
        .bind(&r.description)
        .bind(&r.licence)
        .bind(&r.school_level)
        .bind(r.grade)
        .bind(&r.topic)
        .bind($now)
        .fetch_one($tx)
        .await?;
        let post: &NewPost = $post;
        let marker: &str = $marker;
        let body = post.body.replace(marker, &id.to_string());
        sqlx::query("UPDATE forum_posts SET body = $2, body_hash = $3, body_html = $4 WHERE id = $1")
            .bind($post_id)
            .bind(&body)
            .bind($crate::forum::body_hash(&body))
            .bind(post.body_html.replace(marker, &id.to_string()))
            .execute($tx)
            .await?;
        id
    }};
}

impl Store {
    /// Adds `post` (whose text links to the file with `marker` standing for the
    /// resource's id) as a reply in thread `thread_id`, with `resource` and what
    /// `tidings` tell members, in one transaction; returns the post's and the
    /// resource's ids. A thread that is locked or closed (by now) is a
    /// [`StoreError::Conflict`], and nothing is written.
    pub async fn share_forum_resource(
        &self,
        thread_id: i64,
        post: &NewPost,
        resource: &NewResource,
        marker: &str,
        tidings: &Tidings,
    ) -> StoreResult<(i64, i64)> {
        let now = now_millis();
        let added = on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let Some(post_id) = reply_in!(&mut *tx, thread_id, post, now) else { return Ok(None) };
            let resource_id = insert_resource!(&mut *tx, post_id, post, resource, marker, now);
            let told = tidings.for_post(post_id);
            save_tidings_in!(&mut *tx, &told, now);
            tx.commit().await?;
            Ok::<_, sqlx::Error>(Some((post_id, resource_id, told)))
        }
        .await)?;
        let (post_id, resource_id, told) =
            added.ok_or_else(|| StoreError::Conflict("the thread takes no replies".into()))?;
        self.forget_told(&told);
        Ok((post_id, resource_id))
    }

    /// Starts thread `new` whose first post (linking to the file with `marker`) carries
    /// `resource`, in one transaction with what `tidings` tell members; returns
    /// the thread's, the post's and the resource's ids.
    pub async fn share_forum_resource_in_new_thread(
        &self,
        new: &NewThread,
        resource: &NewResource,
        marker: &str,
        tidings: &Tidings,
    ) -> StoreResult<(i64, i64, i64)> {
        let now = now_millis();
        let (shared, told) = on_pool!(self, |pool| {
            async {
                let mut tx = pool.begin_write(&self.writer).await?;
                let (thread, post_id) = start_thread_in!(&mut *tx, new, now);
                let resource_id = insert_resource!(&mut *tx, post_id, &new.post, resource, marker, now);
                let told = tidings.for_post(post_id);
                save_tidings_in!(&mut *tx, &told, now);
                tx.commit().await?;
                Ok::<_, sqlx::Error>(((thread, post_id, resource_id), told))
            }
            .await
        })?;
        self.forget_told(&told);
        Ok(shared)
    }

    /// One page of the shared resources that `filter` keeps, in its order.
    pub async fn forum_resources(
        &self,
        filter: &ResourceFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<ResourceView>> {
        let key = match filter.order {
            ResourceOrder::Newest => "r.id",
            ResourceOrder::MostDownloaded => "r.downloads",
        };
        let sql = format!(
            "{RESOURCE_SELECT} WHERE {RESOURCE_SHOWN} AND ($1 IS NULL OR r.school_level = $1) \
             AND ($2 IS NULL OR r.grade = $2) AND ($3 IS NULL OR r.topic = $3) AND {}",
            page.sql(key, "r.id", 4)
        );
        let rows = on_pool!(self, |pool| {
            page.bind(
                sqlx::query_as::<_, ResourceView>(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(filter.school_level.as_deref())
                    .bind(filter.grade)
                    .bind(filter.topic.as_deref()),
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(page.finish(rows, |r| match filter.order {
            ResourceOrder::Newest => Cursor::at_id(r.id),
            ResourceOrder::MostDownloaded => Cursor::new(r.downloads, r.id),
        }))
    }

    /// The shared resource `id`, if it is shown (see [`RESOURCE_SHOWN`]).
    pub async fn forum_resource(&self, id: i64) -> StoreResult<ResourceView> {
        let sql = format!("{RESOURCE_SELECT} WHERE {RESOURCE_SHOWN} AND r.id = $1");
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, ResourceView>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        row.ok_or(StoreError::NotFound)
    }

    /// Counts one download of resource `id` (one small update).
    pub async fn count_forum_resource_download(&self, id: i64) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("UPDATE forum_resources SET downloads = downloads + 1 WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// How many files `user` shared since `since` (unix ms), and when the earliest of
    /// them was shared: what the attachment limits count (no write needed).
    pub async fn forum_resources_shared_since(
        &self,
        user: UserId,
        since: i64,
    ) -> StoreResult<(i64, Option<i64>)> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, Option<i64>)>(
                "SELECT COUNT(*), MIN(created_at) FROM forum_resources WHERE user_id = $1 AND created_at > $2",
            )
            .bind(user)
            .bind(since)
            .fetch_one(pool)
            .await
        })?)
    }

    /// Every resource `user` shared, oldest first (their data download): all of them,
    /// whatever their posts' state.
    pub async fn forum_resources_of(&self, user: UserId) -> StoreResult<Vec<ResourceView>> {
        let sql = format!("{RESOURCE_SELECT} WHERE r.user_id = $1 ORDER BY r.id");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, ResourceView>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(user)
                .fetch_all(pool)
                .await
        })?)
    }

    /// The topics that shown resources have, for the resources page's filter.
    pub async fn forum_resource_topics(&self) -> StoreResult<Vec<String>> {
        let sql = format!(
            "SELECT DISTINCT r.topic FROM forum_resources r JOIN forum_posts p ON p.id = r.post_id \
             JOIN forum_threads t ON t.id = p.thread_id WHERE {RESOURCE_SHOWN} AND r.topic <> '' ORDER BY r.topic"
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql.clone())).fetch_all(pool).await
        })?)
    }
}
