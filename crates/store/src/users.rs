//! Members' accounts and profiles.

use std::sync::Arc;

use crate::{
    BeginWrite, Cursor, Page, PageRequest, Store, StoreError, StoreResult,
    hot::{Copies, SessionCopy},
    now_millis, on_pool,
    tokens::{Redemption, USE_TOKEN},
};

/// A user's database id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, sqlx::Type)]
#[sqlx(transparent)]
pub struct UserId(pub i64);

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Declares a string-backed enum stored as TEXT, with `as_str` and `parse`.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored text.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The value stored as `text`.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(text: String) -> Result<Self, String> {
                Self::parse(&text).ok_or_else(|| format!("unknown {} {text:?}", stringify!($name)))
            }
        }
    };
}
pub(crate) use text_enum;

text_enum! {
    /// The editorial level of an account: member < author < editor.
    Role {
        /// Learns, keeps progress, posts in the community.
        Member = "member",
        /// Also drafts and submits courses and articles.
        Author = "author",
        /// Also reviews, publishes and runs the newsletter.
        Editor = "editor",
    }
}

text_enum! {
    /// Whether an account may be used.
    AccountStatus {
        /// In use.
        Active = "active",
        /// Blocked by an admin; cannot sign in.
        Suspended = "suspended",
        /// Deleted by its owner; personal data removed.
        Deleted = "deleted",
    }
}

text_enum! {
    /// Who may see a member's profile.
    Visibility {
        /// Everyone, including visitors.
        Public = "public",
        /// Signed-in members.
        Members = "members",
        /// Only the member (and admins).
        Hidden = "hidden",
    }
}

/// An account with its profile.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct User {
    /// Database id.
    pub id: UserId,
    /// Sign-in address, lower-cased; `None` once deleted.
    pub email: Option<String>,
    /// Whether the owner proved they receive mail at `email`.
    pub email_verified: bool,
    /// Argon2id PHC string; `None` once deleted.
    pub password_hash: Option<String>,
    /// The name shown to others.
    pub display_name: String,
    /// Editorial level.
    #[sqlx(try_from = "String")]
    pub role: Role,
    /// Moderates the community.
    pub is_moderator: bool,
    /// Manages users and settings.
    pub is_admin: bool,
    /// Active, suspended or deleted.
    #[sqlx(try_from = "String")]
    pub status: AccountStatus,
    /// Language for mail (`en` or `ja`).
    pub locale: String,
    /// Short self-description.
    pub bio: String,
    /// Prefecture code 1–47 (JIS X 0401).
    pub prefecture: Option<i64>,
    /// `jet`, `dispatch`, `direct`, `private` or `other`.
    pub employer_type: Option<String>,
    /// Comma-separated school levels taught.
    pub school_levels: String,
    /// Years teaching in Japan.
    pub years_in_japan: Option<i64>,
    /// Free-text interests.
    pub interests: String,
    /// Who may see the profile.
    #[sqlx(try_from = "String")]
    pub visibility: Visibility,
    /// When the account was created (unix ms).
    pub created_at: i64,
    /// When it last changed (unix ms).
    pub updated_at: i64,
    /// How many notices the member has not seen (kept on the row, so the page header
    /// shows it without a query of its own).
    pub unread_notices: i64,
}

/// What sign-up (or the CLI) creates.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Lower-cased address.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Name shown to others.
    pub display_name: String,
    /// Language for mail.
    pub locale: String,
    /// Whether the address counts as verified already (CLI-created admins).
    pub email_verified: bool,
    /// Editorial level.
    pub role: Role,
    /// Moderator grant.
    pub is_moderator: bool,
    /// Admin grant.
    pub is_admin: bool,
}

/// The editable part of a profile.
#[derive(Clone, Debug, Default)]
pub struct ProfileUpdate {
    /// Name shown to others.
    pub display_name: String,
    /// Short self-description.
    pub bio: String,
    /// Prefecture code 1–47.
    pub prefecture: Option<i64>,
    /// Employer type code.
    pub employer_type: Option<String>,
    /// Comma-separated school levels.
    pub school_levels: String,
    /// Years teaching in Japan.
    pub years_in_japan: Option<i64>,
    /// Free-text interests.
    pub interests: String,
    /// Who may see the profile.
    pub visibility: Option<Visibility>,
}

/// The roles and grants an admin sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grants {
    /// Editorial level.
    pub role: Role,
    /// Moderator grant.
    pub is_moderator: bool,
    /// Admin grant.
    pub is_admin: bool,
}

/// A row of [`Store::user_by_session`]: the member, when the session was last used
/// and when it expires.
#[derive(sqlx::FromRow)]
struct SessionUser {
    #[sqlx(flatten)]
    user: User,
    last_seen_at: i64,
    expires_at: i64,
}

/// The condition of an account search: `$1` (a [`user_pattern`]) is in the address or
/// the name.
const USER_MATCHES: &str = "(LOWER(COALESCE(email, '')) LIKE $1 OR LOWER(display_name) LIKE $1)";

/// The `LIKE` pattern that finds `query` anywhere, case-insensitively (any `%` or `_`
/// in it is dropped rather than let match anything).
fn user_pattern(query: &str) -> String {
    format!("%{}%", query.trim().to_lowercase().replace(['%', '_'], ""))
}

const USER_COLUMNS: &str = "id, email, email_verified, password_hash, display_name, role, is_moderator, \
    is_admin, status, locale, bio, prefecture, employer_type, school_levels, years_in_japan, interests, \
    visibility, created_at, updated_at, unread_notices";

impl Store {
    /// Creates an account. A taken address is `StoreError::Conflict`.
    pub async fn create_user(&self, new: &NewUser) -> StoreResult<UserId> {
        let now = now_millis();
        let id = on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO users (email, password_hash, display_name, locale, email_verified, role, \
                 is_moderator, is_admin, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            )
            .bind(&new.email)
            .bind(&new.password_hash)
            .bind(&new.display_name)
            .bind(&new.locale)
            .bind(new.email_verified)
            .bind(new.role.as_str())
            .bind(new.is_moderator)
            .bind(new.is_admin)
            .bind(now)
            .fetch_one(pool)
            .await
        })?;
        Ok(UserId(id))
    }

    /// The account with this id.
    pub async fn user(&self, id: UserId) -> StoreResult<User> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id)
            .fetch_one(pool)
            .await)?)
    }

    /// The accounts with these ids (those that exist), by id, in one query.
    pub async fn users(&self, ids: &[UserId]) -> StoreResult<Vec<User>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let places: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id IN ({}) ORDER BY id", places.join(", "));
        Ok(on_pool!(self, |pool| {
            let mut query = sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(sql.clone()));
            for id in ids {
                query = query.bind(*id);
            }
            query.fetch_all(pool).await
        })?)
    }

    /// The account signed in with the unexpired session whose token hash is `id_hash`,
    /// and when that session was last used — one query for every signed-in request.
    pub async fn user_by_session(&self, id_hash: &str) -> StoreResult<Option<(Arc<User>, i64)>> {
        let now = now_millis();
        let read = async {
            let columns: String =
                USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ");
            let sql = format!(
                "SELECT {columns}, s.last_seen_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.id_hash = $1 AND s.expires_at > $2"
            );
            let row = on_pool!(self, |pool| {
                sqlx::query_as::<_, SessionUser>(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(id_hash)
                    .bind(now)
                    .fetch_optional(pool)
                    .await
            })?;
            Ok::<SessionCopy, sqlx::Error>(
                row.map(|row| (Arc::new(row.user), row.last_seen_at, row.expires_at)),
            )
        };
        let row = Copies::read_through(self.hot.as_deref().map(|hot| &hot.sessions), id_hash, read).await?;
        Ok(row
            .filter(|(_, _, expires_at)| *expires_at > now)
            .map(|(user, last_seen_at, _)| (user, last_seen_at)))
    }

    /// The account with this (lower-cased) address, if any.
    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        Ok(on_pool!(self, |pool| sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(sql.clone()))
            .bind(email)
            .fetch_optional(pool)
            .await)?)
    }

    /// One page of the accounts whose address or name contains `query`
    /// (case-insensitive), newest first.
    pub async fn search_users(&self, query: &str, page: &PageRequest) -> StoreResult<Page<User>> {
        let sql =
            format!("SELECT {USER_COLUMNS} FROM users WHERE {USER_MATCHES} AND {}", page.sql("id", "id", 2));
        let pattern = user_pattern(query);
        let users = on_pool!(self, |pool| {
            page.bind(sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(sql.clone())).bind(&pattern))
                .fetch_all(pool)
                .await
        })?;
        Ok(page.finish(users, |user| Cursor::at_id(user.id.0)))
    }

    /// How many accounts [`Store::search_users`] finds for `query`, on all its pages.
    pub async fn count_users(&self, query: &str) -> StoreResult<i64> {
        let sql = format!("SELECT COUNT(*) FROM users WHERE {USER_MATCHES}");
        let pattern = user_pattern(query);
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(&pattern)
                .fetch_one(pool)
                .await
        })?)
    }

    /// Replaces the password hash.
    pub async fn set_password_hash(&self, id: UserId, hash: &str) -> StoreResult<()> {
        let affected = on_pool!(self, |pool| {
            sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(hash)
                .bind(now_millis())
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        self.forget_account(id);
        if affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Redeems a one-time account token, all or nothing, in one transaction: the token
    /// is used up only together with what it is for. Both kinds mark the address
    /// verified (the link proved the mailbox); a password reset also sets the new hash,
    /// ends every session of the account and records the reset in the audit log. A
    /// token that is unknown, used, expired or for something else is `NotFound`; then
    /// nothing changes — nor if any step fails, so the link still works for another try.
    pub async fn redeem_account_token(
        &self,
        token_hash: &str,
        redemption: Redemption<'_>,
    ) -> StoreResult<UserId> {
        let (purpose, password_hash, reset_from) = match redemption {
            Redemption::VerifyEmail => (crate::TokenPurpose::VerifyEmail, None, None),
            Redemption::ResetPassword { password_hash, ip } => {
                (crate::TokenPurpose::ResetPassword, Some(password_hash), Some(ip))
            }
        };
        let now = now_millis();
        let user = on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let (user,) = sqlx::query_as::<_, (UserId,)>(USE_TOKEN)
                .bind(token_hash)
                .bind(purpose.as_str())
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(sqlx::Error::RowNotFound)?;
            sqlx::query(
                "UPDATE users SET email_verified = TRUE, password_hash = COALESCE($3, password_hash), \
                 updated_at = $2 WHERE id = $1",
            )
            .bind(user)
            .bind(now)
            .bind(password_hash)
            .execute(&mut *tx)
            .await?;
            if let Some(ip) = reset_from {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
                sqlx::query(
                    "INSERT INTO audit_log (at, actor_id, action, subject_id, detail, ip) \
                     VALUES ($1, $2, 'password_reset', $2, '', $3)",
                )
                .bind(now)
                .bind(user)
                .bind(ip)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await.map(|()| user)
        }
        .await)?;
        self.forget_account(user);
        Ok(user)
    }

    /// Changes the address (already verified by the caller's token). A taken address
    /// is `StoreError::Conflict`. The member's newsletter subscription moves to the new
    /// address in the same transaction (unless that address has a subscription of its
    /// own), so the newsletter never goes on to an address they gave up.
    pub async fn set_email(&self, id: UserId, email: &str) -> StoreResult<()> {
        on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            sqlx::query("UPDATE users SET email = $2, email_verified = TRUE, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(email)
                .bind(now_millis())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE newsletter_subscribers SET email = $2 WHERE user_id = $1 \
                 AND NOT EXISTS (SELECT 1 FROM newsletter_subscribers WHERE email = $2)",
            )
            .bind(id)
            .bind(email)
            .execute(&mut *tx)
            .await?;
            tx.commit().await
        }
        .await)?;
        self.forget_account(id);
        Ok(())
    }

    /// Sets the language mail is written in.
    pub async fn set_locale(&self, id: UserId, locale: &str) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("UPDATE users SET locale = $2 WHERE id = $1")
                .bind(id)
                .bind(locale)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        self.forget_account(id);
        Ok(())
    }

    /// Saves the profile.
    pub async fn update_profile(&self, id: UserId, profile: &ProfileUpdate) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE users SET display_name = $2, bio = $3, prefecture = $4, employer_type = $5, \
                 school_levels = $6, years_in_japan = $7, interests = $8, \
                 visibility = COALESCE($9, visibility), updated_at = $10 WHERE id = $1",
            )
            .bind(id)
            .bind(&profile.display_name)
            .bind(&profile.bio)
            .bind(profile.prefecture)
            .bind(&profile.employer_type)
            .bind(&profile.school_levels)
            .bind(profile.years_in_japan)
            .bind(&profile.interests)
            .bind(profile.visibility.map(Visibility::as_str))
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        self.forget_account(id);
        Ok(())
    }

    /// Sets an account's role and grants and ends its sessions, so the change takes
    /// effect at once and the member signs in again with fresh privileges.
    pub async fn set_grants(&self, id: UserId, grants: Grants) -> StoreResult<()> {
        on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let affected = sqlx::query(
                "UPDATE users SET role = $2, is_moderator = $3, is_admin = $4, updated_at = $5 WHERE id = $1",
            )
            .bind(id)
            .bind(grants.role.as_str())
            .bind(grants.is_moderator)
            .bind(grants.is_admin)
            .bind(now_millis())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if affected == 0 {
                return Err(sqlx::Error::RowNotFound);
            }
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await
        }
        .await)?;
        self.forget_account(id);
        Ok(())
    }

    /// Suspends or reinstates an account; suspension ends its sessions and API tokens'
    /// use (tokens of a suspended account are refused at sign-in). Reinstating clears
    /// the reason of a suspension (see [`Store::suspend_account`]).
    pub async fn set_status(&self, id: UserId, status: AccountStatus) -> StoreResult<()> {
        on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let affected = sqlx::query(
                "UPDATE users SET status = $2, updated_at = $3, \
                 suspended_reason = CASE WHEN $2 = 'suspended' THEN suspended_reason ELSE '' END \
                 WHERE id = $1 AND status <> 'deleted'",
            )
            .bind(id)
            .bind(status.as_str())
            .bind(now_millis())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if affected == 0 {
                return Err(sqlx::Error::RowNotFound);
            }
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await
        }
        .await)?;
        self.forget_account(id);
        Ok(())
    }

    /// Deletes an account's personal data in one transaction: address, password,
    /// name, profile, sessions, tokens, newsletter subscription, directory listing,
    /// handle, reactions and blocks. The row stays (as "deleted") so anything the member
    /// published can still show who it was by: "a former member".
    ///
    /// With `remove_posts`, their forum posts go too: their replies are deleted, a
    /// thread they started that nobody answered goes with its post, and the opening
    /// post of one that others answered keeps its place (and its title, which the
    /// replies answer) with its text removed (an empty body, which pages show as
    /// removed). Every earlier version of those posts goes with them, and so do the
    /// files they shared. Without it, their shared files stay, shown as a former
    /// member's.
    pub async fn delete_user(&self, id: UserId, remove_posts: bool) -> StoreResult<()> {
        on_pool!(self, |pool| {
            async {
            let mut tx = pool.begin_write(&self.writer).await?;
            // The newsletter subscription of the account, or of its address, goes too
            // (first: the address is about to be removed).
            sqlx::query(
                "DELETE FROM newsletter_subscribers WHERE user_id = $1 \
                 OR email = (SELECT email FROM users WHERE id = $1)",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let affected = sqlx::query(
                "UPDATE users SET email = NULL, email_verified = FALSE, password_hash = NULL, display_name = '', \
                 role = 'member', is_moderator = FALSE, is_admin = FALSE, status = 'deleted', bio = '', \
                 prefecture = NULL, employer_type = NULL, school_levels = '', years_in_japan = NULL, \
                 interests = '', visibility = 'hidden', listed_in_directory = FALSE, suspended_reason = '', \
                 updated_at = $2 WHERE id = $1",
            )
            .bind(id)
            .bind(now_millis())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if affected == 0 {
                return Err(sqlx::Error::RowNotFound);
            }
            // Progress, notes and certificates are personal data too.
            for table in [
                "sessions",
                "account_tokens",
                "api_tokens",
                "lesson_progress",
                "quiz_attempts",
                "reflections",
                "certificates",
                "notifications",
                "progress_merges",
                "member_handles",
                "forum_reads",
                "notice_prefs",
                "forum_watches",
            ] {
                sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE user_id = $1")))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            // What they found helpful stops counting; whom they blocked and who blocked
            // them is forgotten.
            sqlx::query(
                "UPDATE forum_posts SET helpful = helpful - 1 \
                 WHERE id IN (SELECT post_id FROM forum_reactions WHERE user_id = $1)",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM forum_reactions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM member_blocks WHERE blocker_id = $1 OR blocked_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if remove_posts {
                // The files they shared go with their posts (even the one opening a
                // thread others answered, which keeps its place). The bytes stay until
                // nothing uses them: blobs are shared by hash and never deleted here.
                sqlx::query("DELETE FROM forum_resources WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
                let threads: Vec<i64> =
                    sqlx::query_scalar("SELECT DISTINCT thread_id FROM forum_posts WHERE author_id = $1")
                        .bind(id)
                        .fetch_all(&mut *tx)
                        .await?;
                // Threads only they wrote in go whole; then their replies.
                sqlx::query(
                    "DELETE FROM forum_threads WHERE author_id = $1 AND NOT EXISTS (SELECT 1 FROM forum_posts p \
                     WHERE p.thread_id = forum_threads.id AND (p.author_id IS NULL OR p.author_id <> $1))",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "DELETE FROM forum_posts WHERE author_id = $1 \
                     AND id NOT IN (SELECT first_post_id FROM forum_threads)",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                // What is left of theirs opens a thread others answered: its words go.
                for statement in [
                    "DELETE FROM forum_post_revisions WHERE post_id IN (SELECT id FROM forum_posts WHERE author_id = $1)",
                    "DELETE FROM forum_mentions WHERE post_id IN (SELECT id FROM forum_posts WHERE author_id = $1)",
                    "UPDATE forum_posts SET body = '', body_hash = NULL, body_html = '', edited_at = NULL \
                     WHERE author_id = $1",
                ] {
                    sqlx::query(statement).bind(id).execute(&mut *tx).await?;
                }
                // Counted from what is left, waiting and hidden posts staying as they were.
                for thread in threads {
                    crate::forum::recount_thread!(&mut *tx, thread);
                }
            }
            tx.commit().await
        }
        .await
        })?;
        if let Some(hot) = &self.hot {
            hot.forget_member(id);
        }
        Ok(())
    }
}
