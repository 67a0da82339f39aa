//! Courses, their revisions and stable lesson identities. A revision holds the whole
//! course as JSON (written and read by the app); the published revision is what
//! learners see, and a new revision changes nothing for them until it is published.

use crate::{Store, StoreError, StoreResult, UserId, now_millis, on_pool, users::text_enum};

text_enum! {
    /// Where a course is in the editorial workflow.
    CourseStatus {
        /// Being written.
        Draft = "draft",
        /// Submitted for an editor's review.
        InReview = "in_review",
        /// Visible to everyone.
        Published = "published",
        /// Withdrawn; kept for certificates and history.
        Archived = "archived",
    }
}

/// A course's row.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CourseRow {
    /// Database id.
    pub id: i64,
    /// Address.
    pub slug: String,
    /// Workflow status.
    #[sqlx(try_from = "String")]
    pub status: CourseStatus,
    /// The revision learners see.
    pub published_revision_id: Option<i64>,
    /// The newest revision.
    pub latest_revision_id: Option<i64>,
}

/// One saved version of a course.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Revision {
    /// Database id.
    pub id: i64,
    /// Which course.
    pub course_id: i64,
    /// 1, 2, 3 … per course.
    pub number: i64,
    /// The course as JSON.
    pub content: String,
    /// Who saved it (`None` for imports from the command line).
    pub author_id: Option<UserId>,
    /// What changed, in the author's words.
    pub note: String,
    /// When (unix ms).
    pub created_at: i64,
}

const COURSE_COLUMNS: &str = "id, slug, status, published_revision_id, latest_revision_id";

impl Store {
    /// How many courses exist (any status).
    pub async fn course_count(&self) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM courses")
            .fetch_one(pool)
            .await)?)
    }

    /// The course with this address.
    pub async fn course_by_slug(&self, slug: &str) -> StoreResult<Option<CourseRow>> {
        let sql = format!("SELECT {COURSE_COLUMNS} FROM courses WHERE slug = $1");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, CourseRow>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(slug)
                .fetch_optional(pool)
                .await
        })?)
    }

    /// The course with this id.
    pub async fn course(&self, id: i64) -> StoreResult<CourseRow> {
        let sql = format!("SELECT {COURSE_COLUMNS} FROM courses WHERE id = $1");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, CourseRow>(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_one(pool).await
        })?)
    }

    /// Creates an empty draft course; a taken address is `Conflict`.
    pub async fn create_course(&self, slug: &str) -> StoreResult<i64> {
        let now = now_millis();
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO courses (slug, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id",
            )
            .bind(slug)
            .bind(now)
            .fetch_one(pool)
            .await
        })?)
    }

    /// The stable ids of a course's lessons by slug, creating ids for new slugs.
    pub async fn lesson_ids(&self, course_id: i64, slugs: &[String]) -> StoreResult<Vec<i64>> {
        let mut ids = Vec::with_capacity(slugs.len());
        for slug in slugs {
            let id = on_pool!(self, |pool| {
                async {
                sqlx::query("INSERT INTO lessons (course_id, slug) VALUES ($1, $2) ON CONFLICT (course_id, slug) DO NOTHING")
                    .bind(course_id)
                    .bind(slug)
                    .execute(pool)
                    .await?;
                sqlx::query_scalar::<_, i64>("SELECT id FROM lessons WHERE course_id = $1 AND slug = $2")
                    .bind(course_id)
                    .bind(slug)
                    .fetch_one(pool)
                    .await
            }
            .await
            })?;
            ids.push(id);
        }
        Ok(ids)
    }

    /// Saves a new revision if the newest is still `expected_latest` (so two people
    /// saving at once cannot overwrite each other: the second gets `Conflict`).
    ///
    /// The check is the transaction's first statement and a write (a compare-and-swap
    /// on the course row), so it takes the row's lock before anything is read: on
    /// PostgreSQL a second save waits for the first and then finds the newest revision
    /// changed (reading first let both pass and one edit vanish), and on SQLite it waits
    /// for the write lock (reading first made it fail with "database is locked").
    pub async fn add_revision(
        &self,
        course_id: i64,
        expected_latest: Option<i64>,
        content: &str,
        author_id: Option<UserId>,
        note: &str,
    ) -> StoreResult<i64> {
        let now = now_millis();
        let result = on_pool!(self, |pool| async {
            let mut tx = pool.begin().await?;
            let current = sqlx::query(
                "UPDATE courses SET updated_at = $3 WHERE id = $1 \
                 AND (latest_revision_id = $2 OR (latest_revision_id IS NULL AND $2 IS NULL))",
            )
            .bind(course_id)
            .bind(expected_latest)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if current == 0 {
                return Ok(None);
            }
            let number = sqlx::query_scalar::<_, i64>(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM course_revisions WHERE course_id = $1",
            )
            .bind(course_id)
            .fetch_one(&mut *tx)
            .await?;
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO course_revisions (course_id, number, content, author_id, note, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(course_id)
            .bind(number)
            .bind(content)
            .bind(author_id)
            .bind(note)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("UPDATE courses SET latest_revision_id = $2, updated_at = $3 WHERE id = $1")
                .bind(course_id)
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(Some(id))
        }
        .await)?;
        result.ok_or_else(|| StoreError::Conflict("the course was changed meanwhile".into()))
    }

    /// Makes `revision_id` the one learners see and marks the course published.
    pub async fn publish_revision(&self, course_id: i64, revision_id: i64) -> StoreResult<()> {
        let affected = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE courses SET published_revision_id = $2, status = 'published', updated_at = $3 \
                 WHERE id = $1 AND EXISTS (SELECT 1 FROM course_revisions r WHERE r.id = $2 AND r.course_id = $1)",
            )
            .bind(course_id)
            .bind(revision_id)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        self.courses_changed();
        if affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// One revision.
    pub async fn revision(&self, id: i64) -> StoreResult<Revision> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Revision>(
                "SELECT id, course_id, number, content, author_id, note, created_at FROM course_revisions WHERE id = $1",
            )
            .bind(id)
            .fetch_one(pool)
            .await
        })?)
    }

    /// Every published course with the id of its published revision.
    pub async fn published_course_revisions(&self) -> StoreResult<Vec<(i64, String, i64)>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, String, i64)>(
                "SELECT id, slug, published_revision_id FROM courses \
                 WHERE status <> 'archived' AND published_revision_id IS NOT NULL ORDER BY slug",
            )
            .fetch_all(pool)
            .await
        })?)
    }

    /// The course and published revision a lesson belongs to, by lesson id.
    pub async fn lesson_location(&self, lesson_id: i64) -> StoreResult<Option<(String, String)>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, (String, String)>(
                "SELECT c.slug, l.slug FROM lessons l JOIN courses c ON c.id = l.course_id WHERE l.id = $1",
            )
            .bind(lesson_id)
            .fetch_optional(pool)
            .await
        })?)
    }
}
