-- A 64-bit hash of each post's Markdown (the first eight bytes of its SHA-256,
-- written by the store with the text), kept in the author index beside the time and
-- the thread: the read of a member's recent posts made before each post they write
-- (posting limits, cross-posts, the same reply sent twice) then comes from the index
-- alone, reading a post's text only when its hash is the new text's. Posts written
-- before this have no hash; their text is compared instead.
ALTER TABLE forum_posts ADD COLUMN body_hash BIGINT;
DROP INDEX forum_posts_author_time;
CREATE INDEX forum_posts_author_time ON forum_posts (author_id, created_at, thread_id, body_hash);
