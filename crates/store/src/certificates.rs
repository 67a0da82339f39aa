//! Certificates of completion.

use crate::{Store, StoreResult, UserId, on_pool};

/// An issued certificate.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Certificate {
    /// Unguessable id, part of its public address.
    pub id: String,
    /// Who earned it.
    pub user_id: UserId,
    /// For which course.
    pub course_id: i64,
    /// The course revision completed.
    pub revision_id: i64,
    /// The name on the certificate.
    pub recipient_name: String,
    /// The course title on the certificate.
    pub course_title: String,
    /// The course's Japanese title at that revision, where it had one (shown to
    /// Japanese readers; the signed credential names `course_title`).
    pub course_title_ja: Option<String>,
    /// Hours × 10.
    pub hours_tenths: i64,
    /// The content licence (SPDX).
    pub licence: String,
    /// When (unix ms).
    pub issued_at: i64,
    /// The signed credential (a VC-JWT).
    pub credential: String,
}

const COLUMNS: &str = "id, user_id, course_id, revision_id, recipient_name, course_title, course_title_ja, hours_tenths, \
                       licence, issued_at, credential";

impl Store {
    /// Stores a certificate unless the learner already has one for the course; returns
    /// the one that is stored.
    pub async fn issue_certificate(&self, certificate: &Certificate) -> StoreResult<Certificate> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO certificates (id, user_id, course_id, revision_id, recipient_name, course_title, \
                 course_title_ja, hours_tenths, licence, issued_at, credential) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                 ON CONFLICT (user_id, course_id) DO NOTHING",
            )
            .bind(&certificate.id)
            .bind(certificate.user_id)
            .bind(certificate.course_id)
            .bind(certificate.revision_id)
            .bind(&certificate.recipient_name)
            .bind(&certificate.course_title)
            .bind(&certificate.course_title_ja)
            .bind(certificate.hours_tenths)
            .bind(&certificate.licence)
            .bind(certificate.issued_at)
            .bind(&certificate.credential)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        let sql = format!("SELECT {COLUMNS} FROM certificates WHERE user_id = $1 AND course_id = $2");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Certificate>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(certificate.user_id)
                .bind(certificate.course_id)
                .fetch_one(pool)
                .await
        })?)
    }

    /// The certificate with this id.
    pub async fn certificate(&self, id: &str) -> StoreResult<Option<Certificate>> {
        let sql = format!("SELECT {COLUMNS} FROM certificates WHERE id = $1");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Certificate>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(id)
                .fetch_optional(pool)
                .await
        })?)
    }

    /// A learner's certificates, newest first.
    pub async fn certificates_of(&self, user: UserId) -> StoreResult<Vec<Certificate>> {
        let sql = format!("SELECT {COLUMNS} FROM certificates WHERE user_id = $1 ORDER BY issued_at DESC");
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Certificate>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(user)
                .fetch_all(pool)
                .await
        })?)
    }
}
