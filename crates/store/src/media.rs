//! Course media files. A file's bytes are a blob, found by the SHA-256 of its bytes and
//! stored once however many revisions use it; which file of a revision is which blob
//! is part of the revision's content (the app's business). A blob never changes and is
//! stored in chunks of [`CHUNK_BYTES`], so that serving part of a file reads only the
//! chunks it needs, and a whole file can be sent a chunk at a time: memory per request
//! stays one chunk, whatever the file's size, and no request holds a connection for
//! longer than one chunk's read.
//!
//! The `media` table holds the files of revisions saved before files followed
//! revisions (migration 0010). Nothing writes it any more; it is read for those
//! revisions only.

use sha2::{Digest as _, Sha256};

use crate::{BeginWrite, Store, StoreError, StoreResult, now_millis, on_pool};

/// Bytes per stored chunk (the last chunk of a file may be shorter).
pub const CHUNK_BYTES: u64 = 256 * 1024;

/// A file of a revision saved before files followed revisions, without its bytes.
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

/// The SHA-256 of `bytes`, as lowercase hex: the name a blob is found by.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    use std::fmt::Write as _;
    digest.iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

impl Store {
    /// Stores `bytes` as a blob unless identical bytes are stored already, and returns
    /// their SHA-256 (hex). Two nodes storing the same bytes at once store them once.
    pub async fn put_blob(&self, bytes: &[u8]) -> StoreResult<String> {
        let hash = sha256_hex(bytes);
        if self.blob_by_hash(&hash).await?.is_some() {
            return Ok(hash);
        }
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        let now = now_millis();
        let chunk = usize::try_from(CHUNK_BYTES).unwrap_or(usize::MAX);
        on_pool!(self, |pool| {
            async {
                // The insert comes first, so the transaction holds the write lock from
                // its first statement; a blob stored meanwhile makes it do nothing.
                let mut tx = pool.begin_write(&self.writer).await?;
                let blob_id = sqlx::query_scalar::<_, i64>(
                    "INSERT INTO blobs (hash, size, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (hash) DO NOTHING RETURNING id",
                )
                .bind(&hash)
                .bind(size)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(blob_id) = blob_id else { return tx.rollback().await };
                for (seq, piece) in bytes.chunks(chunk).enumerate() {
                    sqlx::query("INSERT INTO blob_chunks (blob_id, seq, bytes) VALUES ($1, $2, $3)")
                        .bind(blob_id)
                        .bind(i64::try_from(seq).unwrap_or(i64::MAX))
                        .bind(piece)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await
            }
            .await
        })?;
        Ok(hash)
    }

    /// The id of the blob whose bytes have SHA-256 `hash` (hex), if one is stored.
    pub async fn blob_by_hash(&self, hash: &str) -> StoreResult<Option<i64>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT id FROM blobs WHERE hash = $1")
                .bind(hash)
                .fetch_optional(pool)
                .await
        })?)
    }

    /// The SHA-256 (hex) of a blob's bytes. A blob stored before blobs were found by
    /// hash is hashed now, a chunk at a time, and the hash kept; if identical bytes are
    /// already stored under that hash, the old files point at those and the copy goes.
    /// Safe to run on several nodes at once: each step is a single conditional write.
    pub async fn blob_hash(&self, blob_id: i64) -> StoreResult<String> {
        let known = on_pool!(self, |pool| {
            sqlx::query_scalar::<_, Option<String>>("SELECT hash FROM blobs WHERE id = $1")
                .bind(blob_id)
                .fetch_one(pool)
                .await
        })?;
        if let Some(hash) = known {
            return Ok(hash);
        }
        let mut digest = Sha256::new();
        let mut seq = 0;
        while let Some(chunk) = self.media_chunk(blob_id, seq).await? {
            digest.update(&chunk);
            seq += 1;
        }
        let hash = hex(&digest.finalize());
        // Another node may give an identical blob this hash between our two writes: the
        // second then fails on the unique hash, and trying again finds that blob.
        for _ in 0..2 {
            match self.record_blob_hash(blob_id, &hash).await {
                Err(StoreError::Conflict(_)) => continue,
                other => return other.map(|()| hash),
            }
        }
        Err(StoreError::Conflict(format!("blob {blob_id} could not be given its hash")))
    }

    async fn record_blob_hash(&self, blob_id: i64, hash: &str) -> StoreResult<()> {
        let moved = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE media SET blob_id = (SELECT id FROM blobs WHERE hash = $2) \
                 WHERE blob_id = $1 AND EXISTS (SELECT 1 FROM blobs WHERE hash = $2 AND id <> $1)",
            )
            .bind(blob_id)
            .bind(hash)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        if moved > 0 {
            on_pool!(self, |pool| {
                sqlx::query(
                    "DELETE FROM blobs WHERE id = $1 AND hash IS NULL \
                     AND NOT EXISTS (SELECT 1 FROM media WHERE blob_id = $1)",
                )
                .bind(blob_id)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
            })?;
            return Ok(());
        }
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE blobs SET hash = $2 WHERE id = $1 AND hash IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM blobs WHERE hash = $2)",
            )
            .bind(blob_id)
            .bind(hash)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        // Nothing changed: the hash was recorded already, or identical bytes were stored
        // meanwhile (the next call moves the files to them).
        Ok(())
    }

    /// A course's files as they were before files followed revisions, by path.
    pub async fn legacy_media(&self, course_id: i64) -> StoreResult<Vec<MediaInfo>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, MediaInfo>(
                "SELECT path, content_type, size, etag, blob_id FROM media WHERE course_id = $1 ORDER BY path",
            )
            .bind(course_id)
            .fetch_all(pool)
            .await
        })?)
    }

    /// One of a course's files as it was before files followed revisions.
    pub async fn legacy_media_info(&self, course_id: i64, path: &str) -> StoreResult<Option<MediaInfo>> {
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

    /// All the bytes of a blob, for what needs a whole file at once (a transcript shown
    /// on a page, a package export); pages serve files in chunks.
    pub async fn blob_bytes(&self, blob_id: i64) -> StoreResult<Vec<u8>> {
        let chunks = on_pool!(self, |pool| {
            sqlx::query_scalar::<_, Vec<u8>>("SELECT bytes FROM blob_chunks WHERE blob_id = $1 ORDER BY seq")
                .bind(blob_id)
                .fetch_all(pool)
                .await
        })?;
        Ok(chunks.concat())
    }
}
