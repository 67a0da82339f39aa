//! Courses and their stable lesson identities. A course is a document (see
//! [`documents`](crate::documents)): its revisions hold the whole course as JSON
//! (written and read by the app); the published revision is what learners see, and a
//! new revision changes nothing for them until it is published.

use crate::{
    BeginWrite, DocumentKind, DocumentRef, DocumentRow, Store, StoreError, StoreResult, now_millis, on_pool,
};

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

    /// The stable ids of a course's lessons by slug, creating ids for new slugs (for
    /// course packages, which carry no ids).
    pub async fn lesson_ids(&self, course_id: i64, slugs: &[String]) -> StoreResult<Vec<i64>> {
        let lessons: Vec<(i64, String)> = slugs.iter().map(|slug| (0, slug.clone())).collect();
        self.assign_lesson_ids(course_id, &lessons).await
    }

    /// The stable ids of a course's lessons, given as `(id, address)` in a revision
    /// about to be saved: a lesson that has an id of this course keeps it whatever its
    /// address now (a renamed or moved lesson keeps its learners' progress); a lesson
    /// without one gets the id of the lesson last seen at its address that is not in
    /// the revision (a lesson deleted and added again), or a new one. Every address is
    /// remembered for the lesson once published, so an old one can redirect to it.
    pub async fn assign_lesson_ids(
        &self,
        course_id: i64,
        lessons: &[(i64, String)],
    ) -> StoreResult<Vec<i64>> {
        Ok(on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let known: Vec<i64> = sqlx::query_scalar("SELECT id FROM lessons WHERE course_id = $1")
                .bind(course_id)
                .fetch_all(&mut *tx)
                .await?;
            // Ids kept by the lessons that have one (each id once).
            let mut kept: Vec<Option<i64>> = Vec::with_capacity(lessons.len());
            for (id, _) in lessons {
                let keep = known.contains(id) && !kept.contains(&Some(*id));
                kept.push(keep.then_some(*id));
            }
            let kept_ids: Vec<i64> = kept.iter().flatten().copied().collect();
            // `lessons.slug` is unique per course: every lesson in the revision moves
            // aside first (to an address no lesson can have), then takes its own, and a
            // lesson no longer in the revision that holds one moves aside for good.
            for id in &kept_ids {
                sqlx::query("UPDATE lessons SET slug = $2 WHERE id = $1")
                    .bind(id)
                    .bind(format!("~{id}"))
                    .execute(&mut *tx)
                    .await?;
            }
            for (keep, (_, slug)) in kept.iter().zip(lessons) {
                let Some(id) = keep else { continue };
                let holder: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM lessons WHERE course_id = $1 AND slug = $2")
                        .bind(course_id)
                        .bind(slug)
                        .fetch_optional(&mut *tx)
                        .await?;
                if let Some(holder) = holder {
                    sqlx::query("UPDATE lessons SET slug = $2 WHERE id = $1")
                        .bind(holder)
                        .bind(format!("~{holder}"))
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("UPDATE lessons SET slug = $2 WHERE id = $1")
                    .bind(id)
                    .bind(slug)
                    .execute(&mut *tx)
                    .await?;
            }
            let mut ids = Vec::with_capacity(lessons.len());
            for (keep, (_, slug)) in kept.iter().zip(lessons) {
                let id = match keep {
                    Some(id) => *id,
                    None => {
                        sqlx::query(
                            "INSERT INTO lessons (course_id, slug) VALUES ($1, $2) \
                             ON CONFLICT (course_id, slug) DO NOTHING",
                        )
                        .bind(course_id)
                        .bind(slug)
                        .execute(&mut *tx)
                        .await?;
                        sqlx::query_scalar::<_, i64>(
                            "SELECT id FROM lessons WHERE course_id = $1 AND slug = $2",
                        )
                        .bind(course_id)
                        .bind(slug)
                        .fetch_one(&mut *tx)
                        .await?
                    }
                };
                // A new lesson's first address is its own; any other address a lesson
                // gets is remembered when it is published (so an address not yet
                // published leads nowhere), see `remember_addresses`.
                if keep.is_none() {
                    sqlx::query(
                        "INSERT INTO lesson_addresses (course_id, slug, lesson_id) VALUES ($1, $2, $3) \
                         ON CONFLICT (course_id, slug) DO NOTHING",
                    )
                    .bind(course_id)
                    .bind(slug)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                ids.push(id);
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(ids)
        }
        .await)?)
    }

    /// Remembers the addresses of a course's lessons as just published, `(id, address)`:
    /// each address now names its lesson (the live lesson wins over whoever had it).
    pub async fn remember_addresses(&self, course_id: i64, lessons: &[(i64, String)]) -> StoreResult<()> {
        on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            for (id, slug) in lessons {
                sqlx::query(
                    "INSERT INTO lesson_addresses (course_id, slug, lesson_id) \
                     SELECT $1, $2, id FROM lessons WHERE id = $3 AND course_id = $1 \
                     ON CONFLICT (course_id, slug) DO UPDATE SET lesson_id = excluded.lesson_id",
                )
                .bind(course_id)
                .bind(slug)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await
        }
        .await)?;
        Ok(())
    }

    /// The lesson of course `course_id` last seen at address `slug`, if any.
    pub async fn lesson_at_address(&self, course_id: i64, slug: &str) -> StoreResult<Option<i64>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(
                "SELECT lesson_id FROM lesson_addresses WHERE course_id = $1 AND slug = $2",
            )
            .bind(course_id)
            .bind(slug)
            .fetch_optional(pool)
            .await
        })?)
    }

    /// The course that had address `slug` before a rename, if any.
    pub async fn course_at_address(&self, slug: &str) -> StoreResult<Option<i64>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT course_id FROM course_addresses WHERE slug = $1")
                .bind(slug)
                .fetch_optional(pool)
                .await
        })?)
    }

    /// Gives course `id` the address `slug`, remembering the one it had so that it
    /// redirects here. A taken address is `Conflict` and changes nothing.
    pub async fn rename_course(&self, id: i64, slug: &str) -> StoreResult<()> {
        let renamed = on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            sqlx::query(
                "INSERT INTO course_addresses (slug, course_id) SELECT slug, id FROM courses WHERE id = $1 \
                 ON CONFLICT (slug) DO UPDATE SET course_id = excluded.course_id",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM courses WHERE slug = $1 AND id <> $2")
                .bind(slug)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            if taken > 0 {
                return Ok(false);
            }
            sqlx::query("UPDATE courses SET slug = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(slug)
                .bind(now_millis())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(true)
        }
        .await)?;
        self.published_changed();
        if renamed { Ok(()) } else { Err(StoreError::Conflict("the address is taken".into())) }
    }

    /// Deletes a course and everything of it: revisions, conversation, authors, files,
    /// lessons. Only for a course the public never saw (no learner has anything of it);
    /// a published course is archived instead. `Conflict` if it was ever published.
    pub async fn delete_unpublished_course(&self, id: i64) -> StoreResult<()> {
        let deleted = on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let gone = sqlx::query(
                "DELETE FROM courses WHERE id = $1 AND published_revision_id IS NULL AND archived_at IS NULL",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if gone == 0 {
                return Ok(false);
            }
            for table in ["revisions", "reviews", "document_authors"] {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM {table} WHERE kind = 'course' AND document_id = $1"
                )))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(true)
        }
        .await)?;
        self.published_changed();
        if deleted { Ok(()) } else { Err(StoreError::Conflict("the course was published".into())) }
    }

    /// How many learners completed any of `lesson_ids` (of course `course_id`), and
    /// how many hold the course's certificate: what a deletion confirmation tells.
    pub async fn learners_of(&self, course_id: i64, lesson_ids: &[i64]) -> StoreResult<(i64, i64)> {
        let list = (0..lesson_ids.len()).map(|i| format!("${}", i + 2)).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT COUNT(DISTINCT user_id) FROM lesson_progress WHERE course_id = $1 \
             AND completed_at IS NOT NULL AND lesson_id IN ({})",
            if list.is_empty() { "NULL".to_owned() } else { list }
        );
        let completed = on_pool!(self, |pool| {
            let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.clone())).bind(course_id);
            for id in lesson_ids {
                query = query.bind(id);
            }
            query.fetch_one(pool).await
        })?;
        let certified = on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM certificates WHERE course_id = $1")
                .bind(course_id)
                .fetch_one(pool)
                .await
        })?;
        Ok((completed, certified))
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
