-- A member's recent posts, newest first: the posting rate limits and duplicate-post
-- detection read them with one range scan per post written.
CREATE INDEX forum_posts_author_time ON forum_posts (author_id, created_at);
