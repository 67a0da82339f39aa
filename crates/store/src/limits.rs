//! Rate-limit counters, in the database so every node counts together.

use crate::{Store, StoreResult, on_pool};

impl Store {
    /// Adds one hit to `bucket` in the fixed window starting at `window_start` and
    /// returns the hits in that window, this one included.
    pub async fn hit_rate_limit(&self, bucket: &str, window_start: i64) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
                 ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 \
                 RETURNING hits",
            )
            .bind(bucket)
            .bind(window_start)
            .fetch_one(pool)
            .await
        })?)
    }

    /// The hits in `bucket`'s window starting at `window_start`, without adding one.
    pub async fn rate_limit_hits(&self, bucket: &str, window_start: i64) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT COALESCE(MAX(hits), 0) FROM rate_limits WHERE bucket = $1 AND window_start = $2",
            )
            .bind(bucket)
            .bind(window_start)
            .fetch_one(pool)
            .await
        })?)
    }
}
