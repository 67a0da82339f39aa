//! Learners' progress: visits, completions, quiz attempts and reflection notes.

use crate::{BeginWrite, Store, StoreError, StoreResult, UserId, hot::Copies, now_millis, on_pool};

/// Progress on one lesson.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LessonProgress {
    /// Which lesson.
    pub lesson_id: i64,
    /// Which course.
    pub course_id: i64,
    /// First visit (unix ms).
    pub visited_at: i64,
    /// When marked complete.
    pub completed_at: Option<i64>,
    /// Best quiz score (percent).
    pub best_score: Option<i64>,
    /// When the quiz was first passed.
    pub passed_at: Option<i64>,
    /// Quiz attempts so far.
    pub attempts: i64,
}

/// A reflection note with its lesson.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Reflection {
    /// Which lesson.
    pub lesson_id: i64,
    /// The note.
    pub body: String,
    /// Last saved (unix ms).
    pub updated_at: i64,
}

/// A quiz attempt to record.
#[derive(Clone, Debug)]
pub struct QuizAttempt {
    /// Who answered.
    pub user: UserId,
    /// The quiz's lesson.
    pub lesson_id: i64,
    /// The lesson's course.
    pub course_id: i64,
    /// The revision whose quiz was answered.
    pub revision_id: i64,
    /// Score in percent.
    pub score: i64,
    /// Whether it reached the pass mark.
    pub passed: bool,
    /// The answers, as JSON.
    pub answers: String,
}

/// One lesson of the progress a visitor kept on their device, to merge into their
/// account (see [`Store::merge_progress`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedLesson {
    /// Which lesson.
    pub lesson_id: i64,
    /// The lesson's course.
    pub course_id: i64,
    /// Whether it was marked complete (passing its quiz counts).
    pub completed: bool,
    /// Whether its quiz was passed.
    pub passed: bool,
    /// The best quiz score (percent), if the quiz was tried.
    pub best_score: Option<i64>,
    /// Quiz attempts made on the device.
    pub attempts: i64,
}

const PROGRESS_COLUMNS: &str =
    "lesson_id, course_id, visited_at, completed_at, best_score, passed_at, attempts";

/// A write to a learner's progress, the writes lesson pages and quizzes make. On
/// SQLite they are queued for the next group commit (see [`crate::group_commit`]).
#[derive(Debug)]
pub(crate) enum ProgressWrite {
    /// A visit: the first one counts.
    Visit { user: UserId, lesson_id: i64, course_id: i64, at: i64 },
    /// The lesson marked complete: the first time counts.
    Complete { user: UserId, lesson_id: i64, course_id: i64, at: i64 },
    /// A quiz attempt, kept with the best score; passing also completes the lesson.
    Attempt { attempt: QuizAttempt, at: i64 },
    /// A visitor's progress from their device, merged once per `merge_id`.
    Merge { user: UserId, merge_id: String, lessons: Vec<MergedLesson>, at: i64 },
}

impl ProgressWrite {
    fn user(&self) -> UserId {
        match self {
            Self::Visit { user, .. } | Self::Complete { user, .. } | Self::Merge { user, .. } => *user,
            Self::Attempt { attempt, .. } => attempt.user,
        }
    }
}

/// Runs a [`ProgressWrite`]'s statements inside the transaction `$tx`, on either
/// backend (like `on_pool!`, the body is compiled once per backend). Evaluates to
/// whether the write was applied: always, but for a merge already made (`false`).
macro_rules! apply_write {
    ($write:expr, $tx:ident) => {
        match $write {
            ProgressWrite::Visit { user, lesson_id, course_id, at } => sqlx::query(
                "INSERT INTO lesson_progress (user_id, lesson_id, course_id, visited_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (user_id, lesson_id) DO NOTHING",
            )
            .bind(user)
            .bind(lesson_id)
            .bind(course_id)
            .bind(at)
            .execute(&mut *$tx)
            .await
            .map(|_| true),
            ProgressWrite::Complete { user, lesson_id, course_id, at } => sqlx::query(
                "INSERT INTO lesson_progress (user_id, lesson_id, course_id, visited_at, completed_at) \
                 VALUES ($1, $2, $3, $4, $4) ON CONFLICT (user_id, lesson_id) \
                 DO UPDATE SET completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at)",
            )
            .bind(user)
            .bind(lesson_id)
            .bind(course_id)
            .bind(at)
            .execute(&mut *$tx)
            .await
            .map(|_| true),
            ProgressWrite::Attempt { attempt, at } => {
                let inserted = sqlx::query(
                    "INSERT INTO quiz_attempts (user_id, lesson_id, revision_id, score, passed, answers, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(attempt.user)
                .bind(attempt.lesson_id)
                .bind(attempt.revision_id)
                .bind(attempt.score)
                .bind(attempt.passed)
                .bind(attempt.answers.as_str())
                .bind(at)
                .execute(&mut *$tx)
                .await;
                match inserted {
                    Err(err) => Err(err),
                    Ok(_) => sqlx::query(
                        "INSERT INTO lesson_progress \
                         (user_id, lesson_id, course_id, visited_at, best_score, passed_at, completed_at, attempts) \
                         VALUES ($1, $2, $3, $4, $5, $6, $6, 1) ON CONFLICT (user_id, lesson_id) DO UPDATE SET \
                         best_score = CASE WHEN lesson_progress.best_score IS NULL OR lesson_progress.best_score < excluded.best_score \
                           THEN excluded.best_score ELSE lesson_progress.best_score END, \
                         passed_at = COALESCE(lesson_progress.passed_at, excluded.passed_at), \
                         completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at), \
                         attempts = lesson_progress.attempts + 1",
                    )
                    .bind(attempt.user)
                    .bind(attempt.lesson_id)
                    .bind(attempt.course_id)
                    .bind(at)
                    .bind(attempt.score)
                    .bind(attempt.passed.then_some(*at))
                    .execute(&mut *$tx)
                    .await
                    .map(|_| true),
                }
            }
            ProgressWrite::Merge { user, merge_id, lessons, at } => {
                // The merge id is claimed first: a cookie sent again (a saved copy, or
                // a sign-in racing another) finds it taken and adds nothing.
                let claimed = sqlx::query(
                    "INSERT INTO progress_merges (merge_id, user_id, merged_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (merge_id) DO NOTHING",
                )
                .bind(merge_id.as_str())
                .bind(user)
                .bind(at)
                .execute(&mut *$tx)
                .await
                .map(|done| done.rows_affected() == 1);
                let mut merged = claimed;
                for lesson in lessons.iter() {
                    if !matches!(merged, Ok(true)) {
                        break;
                    }
                    merged = sqlx::query(
                        "INSERT INTO lesson_progress \
                         (user_id, lesson_id, course_id, visited_at, completed_at, best_score, passed_at, attempts) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id, lesson_id) DO UPDATE SET \
                         completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at), \
                         best_score = CASE WHEN lesson_progress.best_score IS NULL OR lesson_progress.best_score < excluded.best_score \
                           THEN excluded.best_score ELSE lesson_progress.best_score END, \
                         passed_at = COALESCE(lesson_progress.passed_at, excluded.passed_at), \
                         attempts = lesson_progress.attempts + excluded.attempts",
                    )
                    .bind(user)
                    .bind(lesson.lesson_id)
                    .bind(lesson.course_id)
                    .bind(at)
                    .bind((lesson.completed || lesson.passed).then_some(*at))
                    .bind(lesson.best_score)
                    .bind(lesson.passed.then_some(*at))
                    .bind(lesson.attempts)
                    .execute(&mut *$tx)
                    .await
                    .map(|_| true);
                }
                merged
            }
        }
    };
}
pub(crate) use apply_write;

impl Store {
    /// Records a visit (the first one counts).
    pub async fn record_visit(&self, user: UserId, lesson_id: i64, course_id: i64) -> StoreResult<()> {
        self.write_progress(ProgressWrite::Visit { user, lesson_id, course_id, at: now_millis() }).await?;
        Ok(())
    }

    /// Marks a lesson complete (again is harmless: the first time counts).
    pub async fn mark_complete(&self, user: UserId, lesson_id: i64, course_id: i64) -> StoreResult<()> {
        self.write_progress(ProgressWrite::Complete { user, lesson_id, course_id, at: now_millis() }).await?;
        Ok(())
    }

    /// Records a quiz attempt and keeps the best score; a passing attempt also marks
    /// the lesson complete (the first time counts). One transaction.
    pub async fn record_attempt(&self, attempt: QuizAttempt) -> StoreResult<()> {
        self.write_progress(ProgressWrite::Attempt { attempt, at: now_millis() }).await?;
        Ok(())
    }

    /// Merges a visitor's progress from their device into `user`'s, in one transaction:
    /// a lesson done stays done, the better score wins, attempts are added. Each
    /// `merge_id` (the device cookie's id) is merged once, ever: merging it again — a
    /// saved copy of the cookie sent after the first merge — changes nothing and
    /// answers `false`. The device kept no answers, so merged attempts add to the
    /// count without rows in `quiz_attempts`.
    pub async fn merge_progress(
        &self,
        user: UserId,
        merge_id: &str,
        lessons: Vec<MergedLesson>,
    ) -> StoreResult<bool> {
        let merge_id = merge_id.to_owned();
        self.write_progress(ProgressWrite::Merge { user, merge_id, lessons, at: now_millis() }).await
    }

    /// Runs one progress write in its own transaction — on SQLite, in the next group
    /// commit — and returns once it is durable, with whether it was applied (see
    /// `apply_write!`).
    async fn write_progress(&self, write: ProgressWrite) -> StoreResult<bool> {
        let user = write.user();
        let result = match &self.group {
            Some(group) => {
                group.submit(crate::group_commit::GroupWrite::Progress(write)).await.map(|done| done == 1)
            }
            None => on_pool!(self, |pool| {
                async {
                    let mut tx = pool.begin_write(&self.writer).await?;
                    let applied = apply_write!(&write, tx)?;
                    tx.commit().await.map(|()| applied)
                }
                .await
            })
            .map_err(StoreError::from),
        };
        self.forget_progress(user);
        result
    }

    /// A learner's progress in one course.
    pub async fn course_progress(&self, user: UserId, course_id: i64) -> StoreResult<Vec<LessonProgress>> {
        self.progress_in(user, Some(course_id)).await
    }

    /// A learner's progress everywhere.
    pub async fn all_progress(&self, user: UserId) -> StoreResult<Vec<LessonProgress>> {
        self.progress_in(user, None).await
    }

    /// A learner's progress in `course` (in every course for `None`), through the
    /// in-memory copies on SQLite.
    async fn progress_in(&self, user: UserId, course: Option<i64>) -> StoreResult<Vec<LessonProgress>> {
        let read = async {
            let sql = match course {
                Some(_) => format!(
                    "SELECT {PROGRESS_COLUMNS} FROM lesson_progress WHERE user_id = $1 AND course_id = $2"
                ),
                None => format!("SELECT {PROGRESS_COLUMNS} FROM lesson_progress WHERE user_id = $1"),
            };
            on_pool!(self, |pool| {
                let query = sqlx::query_as::<_, LessonProgress>(sqlx::AssertSqlSafe(sql.clone())).bind(user);
                match course {
                    Some(course_id) => query.bind(course_id),
                    None => query,
                }
                .fetch_all(pool)
                .await
            })
        };
        let copies = self.hot.as_deref().map(|hot| &hot.progress);
        Ok(Copies::read_through(copies, &(user, course), read).await?)
    }

    /// Saves a reflection note (an empty note deletes it).
    pub async fn save_reflection(&self, user: UserId, lesson_id: i64, body: &str) -> StoreResult<()> {
        on_pool!(self, |pool| {
            async {
            if body.trim().is_empty() {
                sqlx::query("DELETE FROM reflections WHERE user_id = $1 AND lesson_id = $2")
                    .bind(user)
                    .bind(lesson_id)
                    .execute(pool)
                    .await
                    .map(|done| done.rows_affected())
            } else {
                sqlx::query(
                    "INSERT INTO reflections (user_id, lesson_id, body, updated_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (user_id, lesson_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                )
                .bind(user)
                .bind(lesson_id)
                .bind(body)
                .bind(now_millis())
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
            }
        }
        .await
        })?;
        if let Some(hot) = &self.hot {
            hot.reflections.forget(|key, _| *key == (user, lesson_id));
        }
        Ok(())
    }

    /// A learner's note on one lesson, if any.
    pub async fn reflection(&self, user: UserId, lesson_id: i64) -> StoreResult<Option<String>> {
        let read = async {
            on_pool!(self, |pool| {
                sqlx::query_scalar::<_, String>(
                    "SELECT body FROM reflections WHERE user_id = $1 AND lesson_id = $2",
                )
                .bind(user)
                .bind(lesson_id)
                .fetch_optional(pool)
                .await
            })
        };
        let copies = self.hot.as_deref().map(|hot| &hot.reflections);
        Ok(Copies::read_through(copies, &(user, lesson_id), read).await?)
    }

    /// A learner's reflection notes, newest first.
    pub async fn reflections(&self, user: UserId) -> StoreResult<Vec<Reflection>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Reflection>(
                "SELECT lesson_id, body, updated_at FROM reflections WHERE user_id = $1 ORDER BY updated_at DESC",
            )
            .bind(user)
            .fetch_all(pool)
            .await
        })?)
    }
}
