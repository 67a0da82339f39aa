//! The people credited on content, each with a public page: members who write, and
//! guest authors without an account. Content names them by slug.

use crate::{Store, StoreResult, UserId, now_millis, on_pool};

/// A person credited on content.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Person {
    /// Their page's address: `/authors/{slug}`.
    pub slug: String,
    /// Name as credited.
    pub name: String,
    /// Name in Japanese (empty: the name is shown).
    pub name_ja: String,
    /// Where they work or study.
    pub affiliation: String,
    /// The same in Japanese.
    pub affiliation_ja: String,
    /// A short biography (plain text).
    pub bio: String,
    /// The same in Japanese.
    pub bio_ja: String,
    /// ORCID iD, e.g. `0000-0002-1825-0097` (empty: none).
    pub orcid: String,
    /// Their account, if they have one.
    pub user_id: Option<UserId>,
}

/// The columns of [`Person`].
const COLUMNS: &str = "slug, name, name_ja, affiliation, affiliation_ja, bio, bio_ja, orcid, user_id";

impl Store {
    /// Everyone credited, by slug.
    pub async fn people(&self) -> StoreResult<Vec<Person>> {
        let sql = format!("SELECT {COLUMNS} FROM people ORDER BY slug");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Person>(sqlx::AssertSqlSafe(sql.clone())).fetch_all(pool).await
        })?)
    }

    /// The person at `slug`.
    pub async fn person(&self, slug: &str) -> StoreResult<Option<Person>> {
        let sql = format!("SELECT {COLUMNS} FROM people WHERE slug = $1");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Person>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(slug)
                .fetch_optional(pool)
                .await
        })?)
    }

    /// Adds `person`, or changes everything about the person at their slug.
    pub async fn put_person(&self, person: &Person) -> StoreResult<()> {
        let now = now_millis();
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO people (slug, name, name_ja, affiliation, affiliation_ja, bio, bio_ja, orcid, user_id, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
                 ON CONFLICT (slug) DO UPDATE SET name = excluded.name, name_ja = excluded.name_ja, \
                 affiliation = excluded.affiliation, affiliation_ja = excluded.affiliation_ja, bio = excluded.bio, \
                 bio_ja = excluded.bio_ja, orcid = excluded.orcid, user_id = excluded.user_id, \
                 updated_at = excluded.updated_at",
            )
            .bind(&person.slug)
            .bind(&person.name)
            .bind(&person.name_ja)
            .bind(&person.affiliation)
            .bind(&person.affiliation_ja)
            .bind(&person.bio)
            .bind(&person.bio_ja)
            .bind(&person.orcid)
            .bind(person.user_id)
            .bind(now)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// The contents of the revisions with these ids, with when each was saved: for
    /// reading every published document of a kind at once.
    pub async fn revision_contents(&self, ids: &[i64]) -> StoreResult<Vec<(i64, String, i64)>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            // The ids are numbers, written into the statement as such.
            let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let sql = format!("SELECT id, content, created_at FROM revisions WHERE id IN ({list})");
            out.extend(on_pool!(self, |pool| {
                sqlx::query_as::<_, (i64, String, i64)>(sqlx::AssertSqlSafe(sql.clone()))
                    .fetch_all(pool)
                    .await
            })?);
        }
        Ok(out)
    }
}
