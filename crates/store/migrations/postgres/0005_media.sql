-- Course media (images, videos, captions, transcripts, downloads), kept in the database
-- so every node serves the same files and a database backup holds everything.
CREATE TABLE media (
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    etag TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (course_id, path)
);
