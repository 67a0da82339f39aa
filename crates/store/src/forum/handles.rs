//! Members' handles: the unique name an @mention uses (display names are not unique).
//! A member gets one, made from their display name, when they first post; they may
//! change it later.

use crate::{Store, StoreError, StoreResult, UserId, on_pool};

impl Store {
    /// `user`'s handle, if they have one.
    pub async fn member_handle(&self, user: UserId) -> StoreResult<Option<String>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, String>("SELECT handle FROM member_handles WHERE user_id = $1")
                .bind(user)
                .fetch_optional(pool)
                .await
        })?)
    }

    /// `user`'s handle, made from `wanted` when they have none: `wanted` itself if it
    /// is free, else `wanted_<id>`, else `member_<id>`.
    pub async fn ensure_member_handle(&self, user: UserId, wanted: &str) -> StoreResult<String> {
        if let Some(handle) = self.member_handle(user).await? {
            return Ok(handle);
        }
        for candidate in [wanted.to_owned(), format!("{wanted}_{user}"), format!("member_{user}")] {
            let added = on_pool!(self, |pool| {
                sqlx::query(
                    "INSERT INTO member_handles (user_id, handle) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(user)
                .bind(&candidate)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
            })?;
            if added > 0 {
                return Ok(candidate);
            }
            // Someone (perhaps this member, from another request) got there first.
            if let Some(handle) = self.member_handle(user).await? {
                return Ok(handle);
            }
        }
        Err(StoreError::Conflict("no free handle".into()))
    }

    /// Gives `user` the handle `handle`; [`StoreError::Conflict`] if another member
    /// holds it.
    pub async fn set_member_handle(&self, user: UserId, handle: &str) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO member_handles (user_id, handle) VALUES ($1, $2) \
                 ON CONFLICT (user_id) DO UPDATE SET handle = excluded.handle",
            )
            .bind(user)
            .bind(handle)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// The members holding each of `handles` that exists (at most the first 20).
    pub async fn members_by_handles(&self, handles: &[String]) -> StoreResult<Vec<(UserId, String)>> {
        let mut found = Vec::new();
        for handle in handles.iter().take(20) {
            let row = on_pool!(self, |pool| {
                sqlx::query_as::<_, (UserId, String)>(
                    "SELECT user_id, handle FROM member_handles WHERE handle = $1",
                )
                .bind(handle)
                .fetch_optional(pool)
                .await
            })?;
            found.extend(row);
        }
        Ok(found)
    }
}
