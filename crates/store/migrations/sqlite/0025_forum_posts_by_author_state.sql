-- How many of a member's posts are published (their trust, read on every post they
-- write): counted from the index alone, without reading each post. It replaces the
-- index on the author alone, which (author_id, created_at) covers as well.
DROP INDEX forum_posts_author;
CREATE INDEX forum_posts_author_state ON forum_posts (author_id, state);
