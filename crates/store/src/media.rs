//! Course media files.

use crate::{Store, StoreResult, now_millis, on_pool};

/// A stored file without its bytes.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MediaInfo {
    /// Path within the course package, e.g. `media/intro.mp4`.
    pub path: String,
    /// `Content-Type`.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// Entity tag (a hash of the bytes).
    pub etag: String,
}

impl Store {
    /// Stores (or replaces) a file of a course.
    pub async fn put_media(
        &self,
        course_id: i64,
        path: &str,
        content_type: &str,
        etag: &str,
        bytes: &[u8],
    ) -> StoreResult<()> {
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO media (course_id, path, content_type, size, etag, bytes, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (course_id, path) DO UPDATE SET \
                 content_type = excluded.content_type, size = excluded.size, etag = excluded.etag, \
                 bytes = excluded.bytes, created_at = excluded.created_at",
            )
            .bind(course_id)
            .bind(path)
            .bind(content_type)
            .bind(size)
            .bind(etag)
            .bind(bytes)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// A course's files, by path.
    pub async fn media_list(&self, course_id: i64) -> StoreResult<Vec<MediaInfo>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, MediaInfo>(
                "SELECT path, content_type, size, etag FROM media WHERE course_id = $1 ORDER BY path",
            )
            .bind(course_id)
            .fetch_all(pool)
            .await
        })?)
    }

    /// One file with its bytes.
    pub async fn media(&self, course_id: i64, path: &str) -> StoreResult<Option<(MediaInfo, Vec<u8>)>> {
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, (String, String, i64, String, Vec<u8>)>(
                "SELECT path, content_type, size, etag, bytes FROM media WHERE course_id = $1 AND path = $2",
            )
            .bind(course_id)
            .bind(path)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row.map(|(path, content_type, size, etag, bytes)| {
            (MediaInfo { path, content_type, size, etag }, bytes)
        }))
    }
}
