//! The managed list of course topics: a slug (what courses name) with its English and
//! Japanese labels. Which courses use a topic is known from their revisions, which only
//! the app reads; the store keeps the list.

use crate::{Store, StoreError, StoreResult, now_millis, on_pool};

/// One topic of the list.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Topic {
    /// The stable name courses use, e.g. `team-teaching`.
    pub slug: String,
    /// English label.
    pub label_en: String,
    /// Japanese label (empty: the English one is shown).
    pub label_ja: String,
    /// Added by an import that named it, labelled with its slug until someone renames it.
    pub provisional: bool,
}

impl Store {
    /// Every topic, by slug.
    pub async fn topics(&self) -> StoreResult<Vec<Topic>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Topic>(
                "SELECT slug, label_en, label_ja, provisional FROM topics ORDER BY slug",
            )
            .fetch_all(pool)
            .await
        })?)
    }

    /// Adds `topic`; [`StoreError::Conflict`] if its slug is taken.
    pub async fn add_topic(&self, topic: &Topic) -> StoreResult<()> {
        let now = now_millis();
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO topics (slug, label_en, label_ja, provisional, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(&topic.slug)
            .bind(&topic.label_en)
            .bind(&topic.label_ja)
            .bind(topic.provisional)
            .bind(now)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// Adds each of `topics` whose slug is not in the list yet (others are left as they
    /// are); returns the slugs added.
    pub async fn add_missing_topics(&self, topics: &[Topic]) -> StoreResult<Vec<String>> {
        let now = now_millis();
        let mut added = Vec::new();
        for topic in topics {
            let rows = on_pool!(self, |pool| {
                sqlx::query(
                    "INSERT INTO topics (slug, label_en, label_ja, provisional, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (slug) DO NOTHING",
                )
                .bind(&topic.slug)
                .bind(&topic.label_en)
                .bind(&topic.label_ja)
                .bind(topic.provisional)
                .bind(now)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
            })?;
            if rows > 0 {
                added.push(topic.slug.clone());
            }
        }
        Ok(added)
    }

    /// Gives the topic `slug` new labels (it is no longer provisional).
    pub async fn rename_topic(&self, slug: &str, label_en: &str, label_ja: &str) -> StoreResult<()> {
        let rows = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE topics SET label_en = $2, label_ja = $3, provisional = $4, updated_at = $5 \
                 WHERE slug = $1",
            )
            .bind(slug)
            .bind(label_en)
            .bind(label_ja)
            .bind(false)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        if rows == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Removes the topic `slug` from the list.
    pub async fn remove_topic(&self, slug: &str) -> StoreResult<()> {
        let rows = on_pool!(self, |pool| {
            sqlx::query("DELETE FROM topics WHERE slug = $1")
                .bind(slug)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        if rows == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }
}
