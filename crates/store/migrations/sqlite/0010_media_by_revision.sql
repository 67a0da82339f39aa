-- Files follow the course revision: a revision's content (JSON) lists its files by the
-- SHA-256 of their bytes, and a blob is found by that hash, so identical bytes are
-- stored once however many revisions (or courses) use them, and a blob never changes.
--
-- Blobs stored before this migration have no hash yet: SQLite cannot compute SHA-256
-- and hashing every video inside a migration would hold the schema lock for as long as
-- it takes to read them all. The app hashes such a blob the first time it needs to
-- (when a course whose revisions predate this is first opened for editing), on any
-- node, idempotently. Until then revisions without a file list keep using the
-- course's rows in `media`, which nothing writes any more: they are the files those
-- revisions were saved with.
ALTER TABLE blobs ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX blobs_hash ON blobs (hash);
