//! Bulk inserts for generating scale data (`altto dev seed`): many rows per statement,
//! one transaction per batch.

use crate::{Store, StoreResult, UserId, on_pool};

/// A member to create in bulk.
#[derive(Clone, Debug)]
pub struct SeedUser {
    /// Address.
    pub email: String,
    /// Argon2id hash (shared by generated members).
    pub password_hash: String,
    /// Name.
    pub display_name: String,
    /// Bio.
    pub bio: String,
    /// Prefecture code.
    pub prefecture: Option<i64>,
    /// Employer type code.
    pub employer_type: Option<String>,
    /// School levels.
    pub school_levels: String,
    /// Years teaching in Japan.
    pub years_in_japan: Option<i64>,
    /// `public`, `members` or `hidden`.
    pub visibility: &'static str,
    /// Creation time (unix ms).
    pub created_at: i64,
}

/// A progress row to create in bulk.
#[derive(Clone, Copy, Debug)]
pub struct SeedProgress {
    /// Learner.
    pub user_id: UserId,
    /// Lesson.
    pub lesson_id: i64,
    /// Course.
    pub course_id: i64,
    /// First visit.
    pub visited_at: i64,
    /// Completion.
    pub completed_at: Option<i64>,
    /// Best score.
    pub best_score: Option<i64>,
    /// First pass.
    pub passed_at: Option<i64>,
    /// Attempts.
    pub attempts: i64,
}

/// A quiz attempt to create in bulk.
#[derive(Clone, Copy, Debug)]
pub struct SeedAttempt {
    /// Learner.
    pub user_id: UserId,
    /// Lesson (quiz).
    pub lesson_id: i64,
    /// Revision answered.
    pub revision_id: i64,
    /// Score.
    pub score: i64,
    /// Passed.
    pub passed: bool,
    /// When.
    pub created_at: i64,
}

impl Store {
    /// Inserts members; addresses already taken are skipped.
    pub async fn bulk_insert_users(&self, users: &[SeedUser]) -> StoreResult<()> {
        on_pool!(self, |pool| async {
            let mut builder = sqlx::QueryBuilder::new(
                "INSERT INTO users (email, password_hash, display_name, email_verified, bio, prefecture, \
                 employer_type, school_levels, years_in_japan, visibility, created_at, updated_at) ",
            );
            builder.push_values(users, |mut row, user| {
                row.push_bind(&user.email)
                    .push_bind(&user.password_hash)
                    .push_bind(&user.display_name)
                    .push_bind(true)
                    .push_bind(&user.bio)
                    .push_bind(user.prefecture)
                    .push_bind(&user.employer_type)
                    .push_bind(&user.school_levels)
                    .push_bind(user.years_in_japan)
                    .push_bind(user.visibility)
                    .push_bind(user.created_at)
                    .push_bind(user.created_at);
            });
            builder.push(" ON CONFLICT (email) DO NOTHING");
            builder.build().execute(pool).await.map(|done| done.rows_affected())
        }
        .await)?;
        Ok(())
    }

    /// The ids of every active member, in id order.
    pub async fn member_ids(&self) -> StoreResult<Vec<UserId>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, UserId>("SELECT id FROM users WHERE status = 'active' ORDER BY id")
                .fetch_all(pool)
                .await
        })?)
    }

    /// Inserts progress rows; pairs already present are skipped.
    pub async fn bulk_insert_progress(&self, rows: &[SeedProgress]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            async {
            let mut builder = sqlx::QueryBuilder::new(
                "INSERT INTO lesson_progress (user_id, lesson_id, course_id, visited_at, completed_at, best_score, \
                 passed_at, attempts) ",
            );
            builder.push_values(rows, |mut row, p| {
                row.push_bind(p.user_id)
                    .push_bind(p.lesson_id)
                    .push_bind(p.course_id)
                    .push_bind(p.visited_at)
                    .push_bind(p.completed_at)
                    .push_bind(p.best_score)
                    .push_bind(p.passed_at)
                    .push_bind(p.attempts);
            });
            builder.push(" ON CONFLICT (user_id, lesson_id) DO NOTHING");
            builder.build().execute(pool).await.map(|done| done.rows_affected())
        }
        .await
        })?;
        Ok(())
    }

    /// Inserts quiz attempts.
    pub async fn bulk_insert_attempts(&self, rows: &[SeedAttempt]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            async {
            let mut builder = sqlx::QueryBuilder::new(
                "INSERT INTO quiz_attempts (user_id, lesson_id, revision_id, score, passed, answers, created_at) ",
            );
            builder.push_values(rows, |mut row, a| {
                row.push_bind(a.user_id)
                    .push_bind(a.lesson_id)
                    .push_bind(a.revision_id)
                    .push_bind(a.score)
                    .push_bind(a.passed)
                    .push_bind("[]")
                    .push_bind(a.created_at);
            });
            builder.build().execute(pool).await.map(|done| done.rows_affected())
        }
        .await
        })?;
        Ok(())
    }
}

/// A forum thread to create in bulk, with its ids and counters already worked out
/// (see [`Store::forum_seed_start`]).
#[derive(Clone, Debug)]
pub struct SeedThread {
    /// Its id.
    pub id: i64,
    /// Its category.
    pub category_id: i64,
    /// Title.
    pub title: String,
    /// Who started it.
    pub author_id: UserId,
    /// Whether it is a question.
    pub is_question: bool,
    /// Its first post's id.
    pub first_post_id: i64,
    /// How many posts it has.
    pub post_count: i64,
    /// Its latest post's id.
    pub last_post_id: i64,
    /// When its latest post was written (and its rank: no thread is pinned).
    pub last_post_at: i64,
    /// When it was started.
    pub created_at: i64,
}

/// A forum post to create in bulk.
#[derive(Clone, Debug)]
pub struct SeedPost {
    /// Its id.
    pub id: i64,
    /// Its thread.
    pub thread_id: i64,
    /// Who wrote it.
    pub author_id: UserId,
    /// Its Markdown.
    pub body: std::sync::Arc<str>,
    /// Its sanitised HTML.
    pub body_html: std::sync::Arc<str>,
    /// When.
    pub created_at: i64,
}

impl Store {
    /// The highest thread and post ids so far: generated ones follow them.
    pub async fn forum_seed_start(&self) -> StoreResult<(i64, i64)> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT (SELECT COALESCE(MAX(id), 0) FROM forum_threads), (SELECT COALESCE(MAX(id), 0) FROM forum_posts)",
            )
            .fetch_one(pool)
            .await
        })?)
    }

    /// Inserts threads and then their posts, in one transaction; on PostgreSQL the id
    /// sequences are moved past them, so later threads and posts get new ids.
    pub async fn bulk_insert_forum(&self, threads: &[SeedThread], posts: &[SeedPost]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            async {
            let mut tx = pool.begin().await?;
            for chunk in threads.chunks(1000) {
                let mut builder = sqlx::QueryBuilder::new(
                    "INSERT INTO forum_threads (id, category_id, title, author_id, is_question, first_post_id, \
                     post_count, last_post_id, last_post_at, rank, created_at, updated_at) ",
                );
                builder.push_values(chunk, |mut row, t| {
                    row.push_bind(t.id)
                        .push_bind(t.category_id)
                        .push_bind(&t.title)
                        .push_bind(t.author_id)
                        .push_bind(t.is_question)
                        .push_bind(t.first_post_id)
                        .push_bind(t.post_count)
                        .push_bind(t.last_post_id)
                        .push_bind(t.last_post_at)
                        .push_bind(t.last_post_at)
                        .push_bind(t.created_at)
                        .push_bind(t.last_post_at);
                });
                builder.build().execute(&mut *tx).await?;
            }
            for chunk in posts.chunks(1000) {
                let mut builder = sqlx::QueryBuilder::new(
                    "INSERT INTO forum_posts (id, thread_id, author_id, body, body_hash, body_html, created_at) ",
                );
                builder.push_values(chunk, |mut row, p| {
                    row.push_bind(p.id)
                        .push_bind(p.thread_id)
                        .push_bind(p.author_id)
                        .push_bind(&*p.body)
                        .push_bind(crate::forum::body_hash(&p.body))
                        .push_bind(&*p.body_html)
                        .push_bind(p.created_at);
                });
                builder.build().execute(&mut *tx).await?;
            }
            tx.commit().await
        }
        .await
        })?;
        if let crate::Pool::Postgres(pool) = &self.pool {
            for statement in [
                "SELECT setval(pg_get_serial_sequence('forum_threads', 'id'), (SELECT COALESCE(MAX(id), 1) FROM forum_threads))",
                "SELECT setval(pg_get_serial_sequence('forum_posts', 'id'), (SELECT COALESCE(MAX(id), 1) FROM forum_posts))",
            ] {
                sqlx::query(statement).execute(pool).await?;
            }
        }
        Ok(())
    }
}
