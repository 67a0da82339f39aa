//! Authoring: who writes which course, the editorial workflow's status changes and
//! review notes, and the revision history.

use crate::{CourseRow, Store, StoreError, StoreResult, UserId, courses::CourseStatus, now_millis, on_pool};

/// A revision without its content, for the history list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RevisionInfo {
    /// Database id.
    pub id: i64,
    /// 1, 2, 3 … per course.
    pub number: i64,
    /// Who saved it.
    pub author_id: Option<UserId>,
    /// Their display name.
    pub author_name: Option<String>,
    /// What changed, in their words.
    pub note: String,
    /// When (unix ms).
    pub created_at: i64,
}

/// A note in the editorial conversation.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReviewNote {
    /// Database id.
    pub id: i64,
    /// The revision it is about.
    pub revision_id: Option<i64>,
    /// Who wrote it.
    pub user_id: Option<UserId>,
    /// Their display name.
    pub user_name: Option<String>,
    /// `comment`, `submitted`, `changes_requested`, `published`, `unpublished`, `archived`.
    pub kind: String,
    /// The note.
    pub body: String,
    /// When (unix ms).
    pub created_at: i64,
}

impl Store {
    /// Adds `user` to the course's authors.
    pub async fn add_course_author(&self, course_id: i64, user: UserId) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO course_authors (course_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(course_id)
            .bind(user)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// The ids of a course's authors.
    pub async fn course_author_ids(&self, course_id: i64) -> StoreResult<Vec<UserId>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, UserId>(
                "SELECT user_id FROM course_authors WHERE course_id = $1 ORDER BY user_id",
            )
            .bind(course_id)
            .fetch_all(pool)
            .await
        })?)
    }

    /// Every course, by address (for editors), or only those `author` writes.
    pub async fn courses_for(&self, author: Option<UserId>) -> StoreResult<Vec<CourseRow>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, CourseRow>(
                "SELECT id, slug, status, published_revision_id, latest_revision_id FROM courses c \
                 WHERE $1 IS NULL OR EXISTS (SELECT 1 FROM course_authors a WHERE a.course_id = c.id AND a.user_id = $1) \
                 ORDER BY slug",
            )
            .bind(author)
            .fetch_all(pool)
            .await
        })?)
    }

    /// Sets a course's workflow status.
    pub async fn set_course_status(&self, course_id: i64, status: CourseStatus) -> StoreResult<()> {
        let affected = on_pool!(self, |pool| {
            sqlx::query("UPDATE courses SET status = $2, updated_at = $3 WHERE id = $1")
                .bind(course_id)
                .bind(status.as_str())
                .bind(now_millis())
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        self.courses_changed();
        if affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Takes a course down: learners no longer see it (their progress and certificates
    /// stay); its working copy goes back to draft.
    pub async fn unpublish_course(&self, course_id: i64) -> StoreResult<()> {
        let affected = on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE courses SET published_revision_id = NULL, status = 'draft', updated_at = $2 WHERE id = $1",
            )
            .bind(course_id)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        self.courses_changed();
        if affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Adds a note to the editorial conversation.
    pub async fn add_review_note(
        &self,
        course_id: i64,
        revision_id: Option<i64>,
        user: Option<UserId>,
        kind: &str,
        body: &str,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO course_reviews (course_id, revision_id, user_id, kind, body, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(course_id)
            .bind(revision_id)
            .bind(user)
            .bind(kind)
            .bind(body)
            .bind(now_millis())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// The editorial conversation of a course, oldest first.
    pub async fn review_notes(&self, course_id: i64) -> StoreResult<Vec<ReviewNote>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, ReviewNote>(
                "SELECT r.id, r.revision_id, r.user_id, u.display_name AS user_name, r.kind, r.body, r.created_at \
                 FROM course_reviews r LEFT JOIN users u ON u.id = r.user_id WHERE r.course_id = $1 ORDER BY r.id",
            )
            .bind(course_id)
            .fetch_all(pool)
            .await
        })?)
    }

    /// A course's revisions, newest first, without their content.
    pub async fn revision_history(&self, course_id: i64) -> StoreResult<Vec<RevisionInfo>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, RevisionInfo>(
                "SELECT r.id, r.number, r.author_id, u.display_name AS author_name, r.note, r.created_at \
                 FROM course_revisions r LEFT JOIN users u ON u.id = r.author_id \
                 WHERE r.course_id = $1 ORDER BY r.number DESC",
            )
            .bind(course_id)
            .fetch_all(pool)
            .await
        })?)
    }
}
