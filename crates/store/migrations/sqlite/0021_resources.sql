-- Shared resources: lesson plans, worksheets and flashcards that members share in forum
-- threads. The bytes are a blob (found by their SHA-256, stored once however often they
-- are shared); the row says what the file is (its safe display name, checked type and
-- size), its licence, the school level, grade and topic it is for, who shared it, and the
-- post that announced it in its thread. A resource is shown where its post is shown: lists
-- join `forum_posts` and `forum_threads`, and the post going takes the row with it.
CREATE TABLE forum_resources (
    id INTEGER PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    blob_id BIGINT NOT NULL REFERENCES blobs (id),
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    licence TEXT NOT NULL,
    school_level TEXT NOT NULL,
    grade BIGINT,
    topic TEXT NOT NULL DEFAULT '',
    downloads BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX forum_resources_post ON forum_resources (post_id);
-- A member's shares of the last day (the attachment limits) and their data download.
CREATE INDEX forum_resources_user ON forum_resources (user_id, created_at);
-- The resources page, most downloaded first.
CREATE INDEX forum_resources_downloads ON forum_resources (downloads, id);
