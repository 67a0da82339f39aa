//! Documents of every kind (courses, library articles, news posts, glossary terms):
//! their revisions, authors, editorial conversation and workflow columns. One set of
//! tables (`revisions`, `reviews`, `document_authors`) holds them for every kind, told
//! apart by `kind`; each kind's own table (e.g. `courses`) has the same workflow
//! columns. Which transitions are allowed is decided by the app's pure workflow rules;
//! the store applies one as a single compare-and-swap transaction.

use crate::{BeginWrite, Store, StoreError, StoreResult, UserId, now_millis, on_pool, users::text_enum};

text_enum! {
    /// What kind of content a document is.
    DocumentKind {
        /// A course (its row is in `courses`).
        Course = "course",
        /// A library article (`articles`).
        Article = "article",
        /// A news or guest post (`posts`).
        Post = "post",
        /// A glossary term (`glossary_terms`).
        Term = "term",
    }
}

impl DocumentKind {
    /// The table holding this kind's rows. A fixed name per kind, never user input.
    fn table(self) -> &'static str {
        match self {
            DocumentKind::Course => "courses",
            DocumentKind::Article => "articles",
            DocumentKind::Post => "posts",
            DocumentKind::Term => "glossary_terms",
        }
    }
}

text_enum! {
    /// What is happening to a document's newest draft (apart from what the public sees).
    ReviewState {
        /// Being written (or nothing is pending).
        Draft = "draft",
        /// Submitted for an editor's review.
        InReview = "in_review",
        /// An editor asked its authors for changes.
        ChangesRequested = "changes_requested",
    }
}

/// One document, by kind and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DocumentRef {
    /// Its kind.
    pub kind: DocumentKind,
    /// Its id in its kind's table.
    pub id: i64,
}

impl DocumentRef {
    /// The course with this id.
    pub fn course(id: i64) -> Self {
        Self { kind: DocumentKind::Course, id }
    }
}

impl std::fmt::Display for DocumentRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind.as_str(), self.id)
    }
}

/// A document the public sees: which one, its address and its published revision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedDocument {
    /// The document.
    pub doc: DocumentRef,
    /// Its address.
    pub slug: String,
    /// The revision the public sees.
    pub revision_id: i64,
    /// When it became public, if it was scheduled (unix ms).
    pub publish_at: Option<i64>,
}

/// A document's row: its address and workflow columns.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DocumentRow {
    /// Database id.
    pub id: i64,
    /// Address.
    pub slug: String,
    /// What is happening to the newest draft.
    #[sqlx(try_from = "String")]
    pub review_state: ReviewState,
    /// The revision the public sees (kept while archived, for editors and history).
    pub published_revision_id: Option<i64>,
    /// The newest revision.
    pub latest_revision_id: Option<i64>,
    /// When it was withdrawn from the public, if it was.
    pub archived_at: Option<i64>,
    /// When its published revision becomes public (unix ms; `None`: at once).
    pub publish_at: Option<i64>,
}

impl DocumentRow {
    /// Its workflow state.
    pub fn workflow(&self) -> Workflow {
        Workflow {
            review: self.review_state,
            published: self.published_revision_id,
            archived: self.archived_at.is_some(),
            latest: self.latest_revision_id,
        }
    }

    /// Whether the public sees it.
    pub fn is_public(&self) -> bool {
        self.workflow().is_public()
    }
}

/// A document's place in the editorial workflow: publication (which revision the public
/// sees, whether it is withdrawn) apart from review state (what happens to the newest
/// draft).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Workflow {
    /// What is happening to the newest draft.
    pub review: ReviewState,
    /// The published revision.
    pub published: Option<i64>,
    /// Withdrawn from the public.
    pub archived: bool,
    /// The newest revision.
    pub latest: Option<i64>,
}

impl Workflow {
    /// Whether the public sees a revision of it.
    pub fn is_public(&self) -> bool {
        self.published.is_some() && !self.archived
    }
}

/// A note for the editorial conversation, written with a workflow step.
#[derive(Clone, Debug)]
pub struct NewReviewNote<'a> {
    /// The revision it is about.
    pub revision_id: Option<i64>,
    /// Who wrote it.
    pub user_id: Option<UserId>,
    /// `comment`, `submitted`, `changes_requested`, `published`, `unpublished`, `archived`.
    pub event: &'a str,
    /// The note.
    pub body: &'a str,
}

/// A revision without its content, for the history list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RevisionInfo {
    /// Database id.
    pub id: i64,
    /// 1, 2, 3 … per document.
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

/// One saved version of a document.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Revision {
    /// Database id.
    pub id: i64,
    /// Which document (of the kind the revision was asked for).
    pub document_id: i64,
    /// 1, 2, 3 … per document.
    pub number: i64,
    /// The document as the app serialised it (JSON).
    pub content: String,
    /// Who saved it (`None` for imports from the command line).
    pub author_id: Option<UserId>,
    /// What changed, in the author's words.
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
    pub event: String,
    /// The note.
    pub body: String,
    /// When (unix ms).
    pub created_at: i64,
}

/// The columns of [`DocumentRow`].
const DOCUMENT_COLUMNS: &str =
    "id, slug, review_state, published_revision_id, latest_revision_id, archived_at, publish_at";

impl Store {
    /// The document `doc`.
    pub async fn document(&self, doc: DocumentRef) -> StoreResult<DocumentRow> {
        let sql = format!("SELECT {DOCUMENT_COLUMNS} FROM {} WHERE id = $1", doc.kind.table());
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(doc.id)
                .fetch_one(pool)
                .await
        })?)
    }

    /// The document of `kind` at address `slug`.
    pub async fn document_by_slug(&self, kind: DocumentKind, slug: &str) -> StoreResult<Option<DocumentRow>> {
        let sql = format!("SELECT {DOCUMENT_COLUMNS} FROM {} WHERE slug = $1", kind.table());
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(slug)
                .fetch_optional(pool)
                .await
        })?)
    }

    /// Every document the public can see now, of every kind, with its published
    /// revision: one statement, so every kind is read as of one moment. A document
    /// published for a later time (`publish_at`) is not listed before then.
    pub async fn published_documents(&self) -> StoreResult<Vec<PublishedDocument>> {
        let sql = DocumentKind::ALL
            .iter()
            .map(|kind| {
                format!(
                    "SELECT '{}' AS kind, id, slug, published_revision_id, publish_at FROM {} \
                     WHERE archived_at IS NULL AND published_revision_id IS NOT NULL \
                     AND (publish_at IS NULL OR publish_at <= $1)",
                    kind.as_str(),
                    kind.table()
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let now = now_millis();
        let rows = on_pool!(self, |pool| {
            sqlx::query_as::<_, (String, i64, String, i64, Option<i64>)>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(now)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(kind, id, slug, revision_id, publish_at)| {
                Some(PublishedDocument {
                    doc: DocumentRef { kind: DocumentKind::parse(&kind)?, id },
                    slug,
                    revision_id,
                    publish_at,
                })
            })
            .collect())
    }

    /// Creates an empty draft document of `kind` at `slug`; a taken address is
    /// `Conflict`.
    pub async fn create_document(&self, kind: DocumentKind, slug: &str) -> StoreResult<i64> {
        let now = now_millis();
        let sql = format!(
            "INSERT INTO {} (slug, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id",
            kind.table()
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(slug)
                .bind(now)
                .fetch_one(pool)
                .await
        })?)
    }

    /// Sets when the document's published revision becomes public (`None`: at once).
    /// Other nodes follow within a second, as for any publication.
    pub async fn set_publish_at(&self, doc: DocumentRef, at: Option<i64>) -> StoreResult<()> {
        let sql = format!("UPDATE {} SET publish_at = $2, updated_at = $3 WHERE id = $1", doc.kind.table());
        let now = now_millis();
        on_pool!(self, |pool| {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(doc.id)
                .bind(at)
                .bind(now)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        self.published_changed();
        Ok(())
    }

    /// Every document of `kind`, by address (for editors), or only those `author` writes.
    pub async fn documents_for(
        &self,
        kind: DocumentKind,
        author: Option<UserId>,
    ) -> StoreResult<Vec<DocumentRow>> {
        let sql = format!(
            "SELECT {DOCUMENT_COLUMNS} FROM {} d WHERE $2 IS NULL OR EXISTS \
             (SELECT 1 FROM document_authors a WHERE a.kind = $1 AND a.document_id = d.id AND a.user_id = $2) \
             ORDER BY slug",
            kind.table()
        );
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(kind.as_str())
                .bind(author)
                .fetch_all(pool)
                .await
        })?)
    }

    /// Adds `user` to the document's authors.
    pub async fn add_author(&self, doc: DocumentRef, user: UserId) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO document_authors (kind, document_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(doc.kind.as_str())
            .bind(doc.id)
            .bind(user)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        })?;
        Ok(())
    }

    /// The ids of the document's authors.
    pub async fn author_ids(&self, doc: DocumentRef) -> StoreResult<Vec<UserId>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_scalar::<_, UserId>(
                "SELECT user_id FROM document_authors WHERE kind = $1 AND document_id = $2 ORDER BY user_id",
            )
            .bind(doc.kind.as_str())
            .bind(doc.id)
            .fetch_all(pool)
            .await
        })?)
    }

    /// Saves a new revision if the newest is still `expected_latest` (so two people
    /// saving at once cannot overwrite each other: the second gets `Conflict`). What the
    /// public sees does not change.
    ///
    /// The check is the transaction's first statement and a write (a compare-and-swap
    /// on the document's row), so it takes the row's lock before anything is read: on
    /// PostgreSQL a second save waits for the first and then finds the newest revision
    /// changed (reading first let both pass and one edit vanish), and on SQLite it waits
    /// for the write lock (reading first made it fail with "database is locked").
    pub async fn add_revision(
        &self,
        doc: DocumentRef,
        expected_latest: Option<i64>,
        content: &str,
        author_id: Option<UserId>,
        note: &str,
    ) -> StoreResult<i64> {
        let now = now_millis();
        let claim = format!(
            "UPDATE {} SET updated_at = $3 WHERE id = $1 \
             AND (latest_revision_id = $2 OR (latest_revision_id IS NULL AND $2 IS NULL))",
            doc.kind.table()
        );
        let point = format!("UPDATE {} SET latest_revision_id = $2 WHERE id = $1", doc.kind.table());
        let result = on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let claimed = sqlx::query(sqlx::AssertSqlSafe(claim.clone()))
                .bind(doc.id)
                .bind(expected_latest)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if claimed == 0 {
                return Ok(None);
            }
            let number = sqlx::query_scalar::<_, i64>(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE kind = $1 AND document_id = $2",
            )
            .bind(doc.kind.as_str())
            .bind(doc.id)
            .fetch_one(&mut *tx)
            .await?;
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO revisions (kind, document_id, number, content, author_id, note, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(doc.kind.as_str())
            .bind(doc.id)
            .bind(number)
            .bind(content)
            .bind(author_id)
            .bind(note)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(sqlx::AssertSqlSafe(point.clone())).bind(doc.id).bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(Some(id))
        }
        .await)?;
        result.ok_or_else(|| StoreError::Conflict("the document was changed meanwhile".into()))
    }

    /// Moves a document from workflow state `from` to `to` (the same state for a
    /// comment) and adds `note` to its conversation, in one transaction. The move is a
    /// compare-and-swap: if anyone saved, published, archived or decided anything since
    /// `from` was read, nothing changes and the answer is `Conflict`.
    pub async fn apply_workflow(
        &self,
        doc: DocumentRef,
        from: Workflow,
        to: Workflow,
        note: NewReviewNote<'_>,
    ) -> StoreResult<()> {
        let now = now_millis();
        let update = format!(
            "UPDATE {} SET review_state = $2, published_revision_id = $3, \
             archived_at = CASE WHEN $4 THEN COALESCE(archived_at, $5) ELSE NULL END, updated_at = $5 \
             WHERE id = $1 AND review_state = $6 \
             AND (published_revision_id = $7 OR (published_revision_id IS NULL AND $7 IS NULL)) \
             AND (CASE WHEN archived_at IS NULL THEN 0 ELSE 1 END) = $8 \
             AND (latest_revision_id = $9 OR (latest_revision_id IS NULL AND $9 IS NULL))",
            doc.kind.table()
        );
        let applied = on_pool!(self, |pool| async {
            let mut tx = pool.begin_write(&self.writer).await?;
            let changed = sqlx::query(sqlx::AssertSqlSafe(update.clone()))
                .bind(doc.id)
                .bind(to.review.as_str())
                .bind(to.published)
                .bind(to.archived)
                .bind(now)
                .bind(from.review.as_str())
                .bind(from.published)
                .bind(i64::from(from.archived))
                .bind(from.latest)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO reviews (kind, document_id, revision_id, user_id, event, body, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(doc.kind.as_str())
            .bind(doc.id)
            .bind(note.revision_id)
            .bind(note.user_id)
            .bind(note.event)
            .bind(note.body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(true)
        }
        .await)?;
        if from.is_public() != to.is_public() || from.published != to.published {
            self.published_changed();
        }
        if applied { Ok(()) } else { Err(StoreError::Conflict("the document was changed meanwhile".into())) }
    }

    /// One revision of a document of `kind`.
    pub async fn revision(&self, kind: DocumentKind, id: i64) -> StoreResult<Revision> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, Revision>(
                "SELECT id, document_id, number, content, author_id, note, created_at FROM revisions \
                 WHERE id = $1 AND kind = $2",
            )
            .bind(id)
            .bind(kind.as_str())
            .fetch_one(pool)
            .await
        })?)
    }

    /// A document's revisions, newest first, without their content.
    pub async fn revision_history(&self, doc: DocumentRef) -> StoreResult<Vec<RevisionInfo>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, RevisionInfo>(
                "SELECT r.id, r.number, r.author_id, u.display_name AS author_name, r.note, r.created_at \
                 FROM revisions r LEFT JOIN users u ON u.id = r.author_id \
                 WHERE r.kind = $1 AND r.document_id = $2 ORDER BY r.number DESC",
            )
            .bind(doc.kind.as_str())
            .bind(doc.id)
            .fetch_all(pool)
            .await
        })?)
    }

    /// The editorial conversation of a document, oldest first.
    pub async fn review_notes(&self, doc: DocumentRef) -> StoreResult<Vec<ReviewNote>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as::<_, ReviewNote>(
                "SELECT r.id, r.revision_id, r.user_id, u.display_name AS user_name, r.event, r.body, r.created_at \
                 FROM reviews r LEFT JOIN users u ON u.id = r.user_id \
                 WHERE r.kind = $1 AND r.document_id = $2 ORDER BY r.id",
            )
            .bind(doc.kind.as_str())
            .bind(doc.id)
            .fetch_all(pool)
            .await
        })?)
    }
}
