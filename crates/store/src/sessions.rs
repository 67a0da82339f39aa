//! Sign-in sessions, kept in the database so every node sees the same ones.
//!
//! Only a SHA-256 hash of each session token is stored: someone who reads the database
//! cannot use what they find there to sign in.

use crate::{BeginWrite, Store, StoreResult, UserId, now_millis, on_pool};

/// A session as the app sees it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Session {
    /// Hash of the cookie's token.
    pub id_hash: String,
    /// Whose session it is.
    pub user_id: UserId,
    /// When it started (unix ms).
    pub created_at: i64,
    /// When it was last used, to the nearest few minutes (unix ms).
    pub last_seen_at: i64,
    /// When it stops working (unix ms).
    pub expires_at: i64,
    /// The browser that started it, for the member's list of sessions.
    pub user_agent: String,
}

impl Store {
    /// Starts a session.
    pub async fn create_session(
        &self,
        id_hash: &str,
        user_id: UserId,
        expires_at: i64,
        user_agent: &str,
    ) -> StoreResult<()> {
        let now = now_millis();
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, user_agent) \
                 VALUES ($1, $2, $3, $3, $4, $5)",
            )
            .bind(id_hash)
            .bind(user_id)
            .bind(now)
            .bind(expires_at)
            .bind(user_agent)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        // A token is random, so it was never looked up before; forgetting is cheap insurance.
        self.forget_session(id_hash);
        Ok(())
    }

    /// The unexpired session with this hash, if any.
    pub async fn session(&self, id_hash: &str) -> StoreResult<Option<Session>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Session>(
                "SELECT id_hash, user_id, created_at, last_seen_at, expires_at, user_agent \
                 FROM sessions WHERE id_hash = $1 AND expires_at > $2",
            )
            .bind(id_hash)
            .bind(now_millis())
            .fetch_optional(pool)
            .await
        })?)
    }

    /// Records that the session was used now.
    pub async fn touch_session(&self, id_hash: &str) -> StoreResult<()> {
        on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
                .bind(id_hash)
                .bind(now_millis())
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        }
        .await)?;
        self.forget_session(id_hash);
        Ok(())
    }

    /// Ends one session.
    pub async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(id_hash)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        self.forget_session(id_hash);
        Ok(())
    }

    /// Ends every session of a member except `keep` (all of them when `None`).
    pub async fn delete_sessions_of(&self, user_id: UserId, keep: Option<&str>) -> StoreResult<u64> {
        let ended = on_pool!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
                .bind(user_id)
                .bind(keep.unwrap_or(""))
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        self.forget_account(user_id);
        Ok(ended)
    }

    /// Forgets the in-memory copy of one session.
    fn forget_session(&self, id_hash: &str) {
        if let Some(hot) = &self.hot {
            hot.sessions.forget(|hash, _| hash == id_hash);
        }
    }

    /// A member's unexpired sessions, most recently used first.
    pub async fn sessions_of(&self, user_id: UserId) -> StoreResult<Vec<Session>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Session>(
                "SELECT id_hash, user_id, created_at, last_seen_at, expires_at, user_agent \
                 FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC",
            )
            .bind(user_id)
            .bind(now_millis())
            .fetch_all(pool)
            .await
        })?)
    }

    /// Removes expired sessions, one-time tokens and rate-limit windows.
    pub async fn purge_expired(&self) -> StoreResult<()> {
        let now = now_millis();
        on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM account_tokens WHERE expires_at <= $1")
                .bind(now)
                .execute(&mut *tx)
                .await?;
            // Windows are at most a day long.
            sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
                .bind(now - 86_400_000)
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        }
        .await)?;
        Ok(())
    }
}
