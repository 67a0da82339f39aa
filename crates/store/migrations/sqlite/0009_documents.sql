-- One revision store, editorial conversation and author list for every kind of content
-- (courses now; library articles, news posts, newsletter issues and glossary entries
-- next), told apart by `kind`. Each kind keeps its own row table for what only it has
-- (a course's lessons, progress and certificates point at `courses`), with the same
-- workflow columns: `review_state` (what happens to the newest draft: draft, in_review,
-- changes_requested), `published_revision_id` (which revision the public sees) and
-- `archived_at` (withdrawn from the public, kept for editors, learners' progress and
-- certificates). Publication and review state are apart, so no review step can make an
-- archived course public again.
--
-- Revision and note ids are kept, so every reference to them (published and latest
-- revision, quiz attempts, certificates) stays valid. A document's rows here are deleted
-- with it by the store (a foreign key cannot point at one table per kind).
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    document_id BIGINT NOT NULL,
    number BIGINT NOT NULL,
    content TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id),
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (kind, document_id, number)
);
INSERT INTO revisions (id, kind, document_id, number, content, author_id, note, created_at)
SELECT id, 'course', course_id, number, content, author_id, note, created_at FROM course_revisions;

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    document_id BIGINT NOT NULL,
    revision_id BIGINT,
    user_id BIGINT REFERENCES users (id),
    event TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX reviews_document ON reviews (kind, document_id, id);
INSERT INTO reviews (id, kind, document_id, revision_id, user_id, event, body, created_at)
SELECT id, 'course', course_id, revision_id, user_id, kind, body, created_at FROM course_reviews;

CREATE TABLE document_authors (
    kind TEXT NOT NULL,
    document_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (kind, document_id, user_id)
);
INSERT INTO document_authors (kind, document_id, user_id) SELECT 'course', course_id, user_id FROM course_authors;

DROP TABLE course_revisions;
DROP TABLE course_reviews;
DROP TABLE course_authors;

ALTER TABLE courses ADD COLUMN archived_at BIGINT;
UPDATE courses SET archived_at = updated_at WHERE status = 'archived';
UPDATE courses SET status = 'draft' WHERE status IN ('archived', 'published');
ALTER TABLE courses RENAME COLUMN status TO review_state;
