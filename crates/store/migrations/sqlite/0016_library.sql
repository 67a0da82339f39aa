-- Library articles, news posts and glossary terms: documents on the one revision store
-- (`revisions`, `reviews`, `document_authors`, told apart by kind), each kind with its
-- own row table holding the same workflow columns as `courses`. `publish_at` is when a
-- published revision becomes public (a scheduled post); until then it is published but
-- not yet shown, on every node, because what is public is read from these rows.
ALTER TABLE courses ADD COLUMN publish_at BIGINT;

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    review_state TEXT NOT NULL DEFAULT 'draft',
    published_revision_id BIGINT,
    latest_revision_id BIGINT,
    archived_at BIGINT,
    publish_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    review_state TEXT NOT NULL DEFAULT 'draft',
    published_revision_id BIGINT,
    latest_revision_id BIGINT,
    archived_at BIGINT,
    publish_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE glossary_terms (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    review_state TEXT NOT NULL DEFAULT 'draft',
    published_revision_id BIGINT,
    latest_revision_id BIGINT,
    archived_at BIGINT,
    publish_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The people credited on content, with a public page each: members who write, and
-- guest authors without an account. Content names them by slug.
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_ja TEXT NOT NULL DEFAULT '',
    affiliation TEXT NOT NULL DEFAULT '',
    affiliation_ja TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    bio_ja TEXT NOT NULL DEFAULT '',
    orcid TEXT NOT NULL DEFAULT '',
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
