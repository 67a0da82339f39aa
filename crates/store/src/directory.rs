//! The teachers' directory: members who chose to be listed, with the profile facts
//! they filled in. Being listed is opt-in (off by default), and a listed member is
//! still shown only to whom their profile's visibility allows: everyone for a public
//! profile, signed-in members for a members-only one, nobody for a hidden one.

use crate::{Cursor, Page, PageRequest, Store, StoreResult, UserId, now_millis, on_pool};

/// A member as the directory lists them: only what they chose to fill in.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DirectoryEntry {
    /// Their account.
    pub id: UserId,
    /// The name they show.
    pub display_name: String,
    /// Prefecture code 1–47, if given.
    pub prefecture: Option<i64>,
    /// Employer type code, if given.
    pub employer_type: Option<String>,
    /// Comma-separated school levels (empty if none given).
    pub school_levels: String,
}

/// Which listed members to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirectoryFilter {
    /// Only this prefecture.
    pub prefecture: Option<i64>,
    /// Only this employer type.
    pub employer_type: Option<String>,
    /// Only members teaching at this school level.
    pub school_level: Option<String>,
    /// Whether the one asking is signed in (members-only profiles are shown too).
    pub signed_in: bool,
}

/// Who may be shown, for `$1` (whether the viewer is signed in): listed, active, and a
/// profile visible to the viewer. A hidden profile never matches.
const SHOWN: &str = "u.listed_in_directory = TRUE AND u.status = 'active' \
    AND (u.visibility = 'public' OR ($1 = TRUE AND u.visibility = 'members'))";

impl Store {
    /// Whether `user` chose to be listed in the directory.
    pub async fn listed_in_directory(&self, user: UserId) -> StoreResult<bool> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, bool>("SELECT listed_in_directory FROM users WHERE id = $1")
                .bind(user)
                .fetch_one(pool)
                .await
        })?)
    }

    /// Lists `user` in the directory, or takes them off it.
    pub async fn set_listed_in_directory(&self, user: UserId, listed: bool) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("UPDATE users SET listed_in_directory = $2, updated_at = $3 WHERE id = $1")
                .bind(user)
                .bind(listed)
                .bind(now_millis())
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// One page of the members `filter` shows, newest account first.
    pub async fn directory(
        &self,
        filter: &DirectoryFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<DirectoryEntry>> {
        let sql = format!(
            "SELECT u.id, u.display_name, u.prefecture, u.employer_type, u.school_levels FROM users u \
             WHERE {SHOWN} AND ($2 IS NULL OR u.prefecture = $2) AND ($3 IS NULL OR u.employer_type = $3) \
             AND ($4 IS NULL OR (',' || u.school_levels || ',') LIKE $4) AND {}",
            page.sql("u.id", "u.id", 5)
        );
        // Levels are stored comma-separated: `,junior_high,` matches only that whole level.
        // The caller passes a known level code, so `%` cannot occur; `_` matches itself.
        let level = filter.school_level.as_deref().map(|level| format!("%,{level},%"));
        let rows = on_pool!(self, |pool| {
            page.bind(
                sqlx::query_as::<_, DirectoryEntry>(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(filter.signed_in)
                    .bind(filter.prefecture)
                    .bind(filter.employer_type.as_deref())
                    .bind(level.as_deref()),
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(page.finish(rows, |entry| Cursor::at_id(entry.id.0)))
    }

    /// How many members the directory shows in each prefecture (for a viewer signed in
    /// or not), in one grouped query; prefectures with nobody are left out.
    pub async fn directory_counts(&self, signed_in: bool) -> StoreResult<Vec<(i64, i64)>> {
        let sql = format!(
            "SELECT u.prefecture, COUNT(*) FROM users u WHERE {SHOWN} AND u.prefecture IS NOT NULL \
             GROUP BY u.prefecture ORDER BY u.prefecture"
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(signed_in)
                .fetch_all(pool)
                .await
        })?)
    }
}
