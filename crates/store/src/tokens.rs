//! One-time account tokens (e-mail verification, password reset, e-mail change) and
//! personal API tokens. Only hashes are stored.

use crate::{BeginWrite, Store, StoreError, StoreResult, UserId, now_millis, on_pool, users::text_enum};

text_enum! {
    /// What a one-time token is for.
    TokenPurpose {
        /// Prove the sign-up address.
        VerifyEmail = "verify_email",
        /// Choose a new password.
        ResetPassword = "reset_password",
        /// Prove a new address.
        ChangeEmail = "change_email",
    }
}

/// Uses up a one-time token (`$1` hash, `$2` purpose, `$3` now) if it is unused and
/// unexpired, returning whose it was: the check and the mark are one statement, so a
/// double submit uses it only once.
pub(crate) const USE_TOKEN: &str = "UPDATE account_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 \
     AND used_at IS NULL AND expires_at > $3 RETURNING user_id";

/// What a one-time account token is redeemed for (see [`Store::redeem_account_token`]).
#[derive(Clone, Copy, Debug)]
pub enum Redemption<'a> {
    /// Proving the sign-up address.
    VerifyEmail,
    /// Choosing a new password, hashed as `password_hash`, from the client address `ip`.
    ResetPassword {
        /// The new password's hash.
        password_hash: &'a str,
        /// Where the reset came from, for the audit log.
        ip: &'a str,
    },
}

/// A one-time token that was just used.
#[derive(Clone, Debug)]
pub struct UsedToken {
    /// Whose token it was.
    pub user_id: UserId,
    /// The new address, for e-mail changes.
    pub new_email: Option<String>,
}

/// A personal API token, without its secret.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ApiToken {
    /// Database id.
    pub id: i64,
    /// Whose token it is.
    pub user_id: UserId,
    /// The owner's label for it.
    pub name: String,
    /// The first characters, to recognise it.
    pub prefix: String,
    /// When it was created (unix ms).
    pub created_at: i64,
    /// When it was last used (unix ms; written at most once a minute).
    pub last_used_at: Option<i64>,
    /// What it may do: space-separated scopes such as `read write`.
    pub scopes: String,
    /// When it stops working (unix ms), if ever.
    pub expires_at: Option<i64>,
}

/// What a request's API token grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenGrant {
    /// Whose token it is.
    pub user_id: UserId,
    /// Its scopes, space-separated.
    pub scopes: String,
}

/// How often (at most) a token's last use is written back.
const TOKEN_TOUCH_EVERY_MS: i64 = 60_000;

impl Store {
    /// Stores a one-time token. Earlier unused tokens of the same purpose stop working,
    /// so only the newest link in someone's mailbox is valid.
    pub async fn create_account_token(
        &self,
        token_hash: &str,
        user_id: UserId,
        purpose: TokenPurpose,
        new_email: Option<&str>,
        expires_at: i64,
    ) -> StoreResult<()> {
        let now = now_millis();
        on_pool!(self, |pool| {
            async {
            let mut tx = pool.begin_write(&self.writer).await?;
            sqlx::query("DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL")
                .bind(user_id)
                .bind(purpose.as_str())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO account_tokens (token_hash, user_id, purpose, new_email, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(token_hash)
            .bind(user_id)
            .bind(purpose.as_str())
            .bind(new_email)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await
        }
        .await
        })?;
        Ok(())
    }

    /// Whether an unused, unexpired token with this hash and purpose exists.
    pub async fn account_token_is_valid(&self, token_hash: &str, purpose: TokenPurpose) -> StoreResult<bool> {
        let found = on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM account_tokens WHERE token_hash = $1 AND purpose = $2 \
                 AND used_at IS NULL AND expires_at > $3",
            )
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(now_millis())
            .fetch_one(pool)
            .await
        })?;
        Ok(found > 0)
    }

    /// Uses a token: marks it used and returns whose it was. A token that is unknown,
    /// expired, already used or for another purpose is `NotFound`. The check and the
    /// mark are one statement, so a double submit uses it only once.
    pub async fn use_account_token(&self, token_hash: &str, purpose: TokenPurpose) -> StoreResult<UsedToken> {
        let now = now_millis();
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, (UserId, Option<String>)>(
                "UPDATE account_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 \
                 AND used_at IS NULL AND expires_at > $3 RETURNING user_id, new_email",
            )
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(now)
            .fetch_optional(pool)
            .await
        })?;
        let (user_id, new_email) = row.ok_or(StoreError::NotFound)?;
        Ok(UsedToken { user_id, new_email })
    }

    /// Stores a new API token with `scopes` (space-separated), valid until `expires_at`
    /// (unix ms) or, without one, until revoked.
    pub async fn create_api_token(
        &self,
        user_id: UserId,
        name: &str,
        token_hash: &str,
        prefix: &str,
        scopes: &str,
        expires_at: Option<i64>,
    ) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, scopes, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(user_id)
            .bind(name)
            .bind(token_hash)
            .bind(prefix)
            .bind(now_millis())
            .bind(scopes)
            .bind(expires_at)
            .fetch_one(pool)
            .await
        })?)
    }

    /// A member's tokens that are not revoked, newest first.
    pub async fn api_tokens_of(&self, user_id: UserId) -> StoreResult<Vec<ApiToken>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, ApiToken>(
                "SELECT id, user_id, name, prefix, created_at, last_used_at, scopes, expires_at FROM api_tokens \
                 WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await
        })?)
    }

    /// Revokes a member's token; another member's token is `NotFound`.
    pub async fn revoke_api_token(&self, user_id: UserId, id: i64) -> StoreResult<()> {
        let affected = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
            )
            .bind(id)
            .bind(user_id)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        if affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// The owner and scopes of the unrevoked, unexpired token with this hash. Its last
    /// use is recorded at most once a minute, so API reads stay reads.
    pub async fn api_token_grant(&self, token_hash: &str) -> StoreResult<Option<TokenGrant>> {
        let now = now_millis();
        let found = on_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, UserId, String, Option<i64>)>(
                "SELECT id, user_id, scopes, last_used_at FROM api_tokens WHERE token_hash = $1 \
                 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await
        })?;
        let Some((id, user_id, scopes, last_used_at)) = found else { return Ok(None) };
        if last_used_at.is_none_or(|at| now - at > TOKEN_TOUCH_EVERY_MS) {
            on_pool!(self, |pool| {
                sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                    .bind(id)
                    .bind(now)
                    .execute(pool)
                    .await
                    .map(|done| done.rows_affected())
            })?;
        }
        Ok(Some(TokenGrant { user_id, scopes }))
    }
}
