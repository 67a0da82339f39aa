//! The community forum's storage: categories, threads (in a category, or the one
//! discussion about a lesson, article or news post), posts with their earlier
//! versions, "helpful" reactions, mentions, how far each member has read each thread,
//! members' handles (what an @mention names), and the files members share in threads
//! (`resources.rs`).
//!
//! A thread keeps its own counters (posts, latest post, `rank`), updated in the
//! transaction that adds a post, so that lists never count rows. `rank` is the time of
//! the latest post plus [`PIN_BOOST`] while the thread is pinned: one keyset-paginated
//! index order puts pinned threads first and the rest by latest activity.

mod handles;
mod moderation;
mod posts;
mod recent;
mod resources;
mod threads;

pub(crate) use moderation::recount_thread;
pub use moderation::{FlaggedReport, QueuedPost, ThreadSplit};
pub use posts::{
    NewPost, OwnPost, POST_HIDDEN, POST_PUBLISHED, POST_WAITING, PostRevision, PostView, ReaderMarks,
};
pub use recent::RecentPost;
pub(crate) use recent::body_hash;
pub use resources::{NewResource, RESOURCE_SHOWN, ResourceFilter, ResourceOrder, ResourceView};
pub use threads::{About, NewThread, Thread};
pub(crate) use threads::{ReplyWrite, reply_on_sqlite};

use crate::{Store, StoreError, StoreResult, now_millis, on_pool};

/// What pinning adds to a thread's rank: more than any time in unix milliseconds
/// (about 35,000 years), so a pinned thread ranks above every other.
pub const PIN_BOOST: i64 = 1 << 50;

/// A forum category.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Category {
    /// Database id.
    pub id: i64,
    /// Its address, e.g. `lesson-ideas`.
    pub slug: String,
    /// English name.
    pub name_en: String,
    /// Japanese name.
    pub name_ja: String,
    /// English description.
    pub description_en: String,
    /// Japanese description.
    pub description_ja: String,
    /// Where it is listed: lower first.
    pub position: i64,
}

/// A category with what the forum's front page shows of it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CategorySummary {
    /// The category.
    #[sqlx(flatten)]
    pub category: Category,
    /// How many threads it holds.
    pub threads: i64,
    /// When its latest post was written (unix ms), if it has any.
    pub last_post_at: Option<i64>,
}

/// What an admin writes about a category (a new one, or a change).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryFields {
    /// Address (ignored when changing one: addresses stay).
    pub slug: String,
    /// English name.
    pub name_en: String,
    /// Japanese name.
    pub name_ja: String,
    /// English description.
    pub description_en: String,
    /// Japanese description.
    pub description_ja: String,
    /// Place in the list.
    pub position: i64,
}

const CATEGORY_COLUMNS: &str = "id, slug, name_en, name_ja, description_en, description_ja, position";

impl Store {
    /// Every category, in list order.
    pub async fn forum_categories(&self) -> StoreResult<Vec<Category>> {
        let sql = format!("SELECT {CATEGORY_COLUMNS} FROM forum_categories ORDER BY position, id");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Category>(sqlx::AssertSqlSafe(sql.clone())).fetch_all(pool).await
        })?)
    }

    /// Every category with its thread count and latest activity, in list order.
    pub async fn forum_category_summaries(&self) -> StoreResult<Vec<CategorySummary>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, CategorySummary>(
                "SELECT c.id, c.slug, c.name_en, c.name_ja, c.description_en, c.description_ja, c.position, \
                 COUNT(t.id) AS threads, MAX(t.last_post_at) AS last_post_at \
                 FROM forum_categories c LEFT JOIN forum_threads t ON t.category_id = c.id AND t.listed \
                 GROUP BY c.id, c.slug, c.name_en, c.name_ja, c.description_en, c.description_ja, c.position \
                 ORDER BY c.position, c.id",
            )
            .fetch_all(pool)
            .await
        })?)
    }

    /// The category at `slug`.
    pub async fn forum_category_by_slug(&self, slug: &str) -> StoreResult<Category> {
        let sql = format!("SELECT {CATEGORY_COLUMNS} FROM forum_categories WHERE slug = $1");
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, Category>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(slug)
                .fetch_optional(pool)
                .await
        })?;
        row.ok_or(StoreError::NotFound)
    }

    /// The category with id `id`.
    pub async fn forum_category(&self, id: i64) -> StoreResult<Category> {
        let sql = format!("SELECT {CATEGORY_COLUMNS} FROM forum_categories WHERE id = $1");
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, Category>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?;
        row.ok_or(StoreError::NotFound)
    }

    /// Adds a category; [`StoreError::Conflict`] if its address is taken.
    pub async fn add_forum_category(&self, fields: &CategoryFields) -> StoreResult<()> {
        let now = now_millis();
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO forum_categories \
                 (slug, name_en, name_ja, description_en, description_ja, position, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
            )
            .bind(&fields.slug)
            .bind(&fields.name_en)
            .bind(&fields.name_ja)
            .bind(&fields.description_en)
            .bind(&fields.description_ja)
            .bind(fields.position)
            .bind(now)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// Renames, describes or moves the category `id` (its address stays).
    pub async fn update_forum_category(&self, id: i64, fields: &CategoryFields) -> StoreResult<()> {
        let rows = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE forum_categories SET name_en = $2, name_ja = $3, description_en = $4, \
                 description_ja = $5, position = $6, updated_at = $7 WHERE id = $1",
            )
            .bind(id)
            .bind(&fields.name_en)
            .bind(&fields.name_ja)
            .bind(&fields.description_en)
            .bind(&fields.description_ja)
            .bind(fields.position)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        if rows == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Adds `defaults` when there are no categories at all (a new site); returns how
    /// many were added. Nodes starting together may all try: the unique address keeps
    /// each default once.
    pub async fn add_default_forum_categories(&self, defaults: &[CategoryFields]) -> StoreResult<usize> {
        let existing = on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM forum_categories").fetch_one(pool).await
        })?;
        if existing > 0 {
            return Ok(0);
        }
        let now = now_millis();
        let mut added = 0;
        for fields in defaults {
            let rows = on_pool!(self, |pool| {
                sqlx::query(
                    "INSERT INTO forum_categories \
                     (slug, name_en, name_ja, description_en, description_ja, position, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (slug) DO NOTHING",
                )
                .bind(&fields.slug)
                .bind(&fields.name_en)
                .bind(&fields.name_ja)
                .bind(&fields.description_en)
                .bind(&fields.description_ja)
                .bind(fields.position)
                .bind(now)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
            })?;
            added += usize::try_from(rows).unwrap_or(0);
        }
        Ok(added)
    }
}
