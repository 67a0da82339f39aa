//! Course media files. A file's bytes are a blob stored in chunks of [`CHUNK_BYTES`],
//! so that serving part of a file reads only the chunks it needs, and a whole file can
//! be sent a chunk at a time: memory per request stays one chunk, whatever the file's
//! size, and no request holds a connection for longer than one chunk's read.

use crate::{Store, StoreResult, now_millis, on_pool};

/// Bytes per stored chunk (the last chunk of a file may be shorter).
pub const CHUNK_BYTES: u64 = 256 * 1024;

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
    /// The blob holding the bytes (read with [`Store::media_chunk`]).
    pub blob_id: i64,
}

impl Store {
    /// Stores (or replaces) a file of a course, in one transaction: a new blob with the
    /// bytes, the file pointing at it, and the blob it replaced removed if no file uses
    /// it any more.
    pub async fn put_media(
        &self,
        course_id: i64,
        path: &str,
        content_type: &str,
        etag: &str,
        bytes: &[u8],
    ) -> StoreResult<()> {
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        let now = now_millis();
        let chunk = usize::try_from(CHUNK_BYTES).unwrap_or(usize::MAX);
        on_pool!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                let blob_id = sqlx::query_scalar::<_, i64>(
                    "INSERT INTO blobs (size, created_at) VALUES ($1, $2) RETURNING id",
                )
                .bind(size)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                for (seq, piece) in bytes.chunks(chunk).enumerate() {
                    sqlx::query("INSERT INTO blob_chunks (blob_id, seq, bytes) VALUES ($1, $2, $3)")
                        .bind(blob_id)
                        .bind(i64::try_from(seq).unwrap_or(i64::MAX))
                        .bind(piece)
                        .execute(&mut *tx)
                        .await?;
                }
                let replaced = sqlx::query_scalar::<_, Option<i64>>(
                    "SELECT blob_id FROM media WHERE course_id = $1 AND path = $2",
                )
                .bind(course_id)
                .bind(path)
                .fetch_optional(&mut *tx)
                .await?
                .flatten();
                sqlx::query(
                    "INSERT INTO media (course_id, path, content_type, size, etag, blob_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (course_id, path) DO UPDATE SET \
                     content_type = excluded.content_type, size = excluded.size, etag = excluded.etag, \
                     blob_id = excluded.blob_id, created_at = excluded.created_at",
                )
                .bind(course_id)
                .bind(path)
                .bind(content_type)
                .bind(size)
                .bind(etag)
                .bind(blob_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if let Some(old) = replaced {
                    sqlx::query(
                        "DELETE FROM blobs WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM media WHERE blob_id = $1)",
                    )
                    .bind(old)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await
            }
            .await
        })?;
        Ok(())
    }

    /// A course's files, by path.
    pub async fn media_list(&self, course_id: i64) -> StoreResult<Vec<MediaInfo>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, MediaInfo>(
                "SELECT path, content_type, size, etag, blob_id FROM media WHERE course_id = $1 ORDER BY path",
            )
            .bind(course_id)
            .fetch_all(pool)
            .await
        })?)
    }

    /// One file, without its bytes.
    pub async fn media_info(&self, course_id: i64, path: &str) -> StoreResult<Option<MediaInfo>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, MediaInfo>(
                "SELECT path, content_type, size, etag, blob_id FROM media WHERE course_id = $1 AND path = $2",
            )
            .bind(course_id)
            .bind(path)
            .fetch_optional(pool)
            .await
        })?)
    }

    /// Chunk `seq` (from 0) of a blob: bytes `seq × CHUNK_BYTES` onwards, at most
    /// [`CHUNK_BYTES`] of them; `None` past the end.
    pub async fn media_chunk(&self, blob_id: i64, seq: u64) -> StoreResult<Option<Vec<u8>>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, Vec<u8>>("SELECT bytes FROM blob_chunks WHERE blob_id = $1 AND seq = $2")
                .bind(blob_id)
                .bind(i64::try_from(seq).unwrap_or(i64::MAX))
                .fetch_optional(pool)
                .await
        })?)
    }

    /// One file with all its bytes, for what needs the whole file at once (a
    /// transcript shown on a page, a package export); pages serve files in chunks.
    pub async fn media(&self, course_id: i64, path: &str) -> StoreResult<Option<(MediaInfo, Vec<u8>)>> {
        let Some(info) = self.media_info(course_id, path).await? else { return Ok(None) };
        let chunks = on_pool!(self, |pool| {
            sqlx::query_scalar::<_, Vec<u8>>("SELECT bytes FROM blob_chunks WHERE blob_id = $1 ORDER BY seq")
                .bind(info.blob_id)
                .fetch_all(pool)
                .await
        })?;
        Ok(Some((info, chunks.concat())))
    }
}
