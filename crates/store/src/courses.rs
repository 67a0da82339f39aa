//! Courses and their stable lesson identities. A course is a document (see
//! [`documents`](crate::documents)): its revisions hold the whole course as JSON
//! (written and read by the app); the published revision is what learners see, and a
//! new revision changes nothing for them until it is published.

use crate::{DocumentKind, DocumentRef, DocumentRow, Store, StoreResult, now_millis, on_pool};

impl Store {
    /// How many courses exist (any status).
    pub async fn course_count(&self) -> StoreResult<i64> {
        Ok(on_pool!(self, |pool| sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM courses")
            .fetch_one(pool)
            .await)?)
    }

    /// The course with this address.
    pub async fn course_by_slug(&self, slug: &str) -> StoreResult<Option<DocumentRow>> {
        self.document_by_slug(DocumentKind::Course, slug).await
    }

    /// The course with this id.
    pub async fn course(&self, id: i64) -> StoreResult<DocumentRow> {
        self.document(DocumentRef::course(id)).await
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
