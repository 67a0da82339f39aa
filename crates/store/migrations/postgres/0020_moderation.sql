-- Moderation sized for volunteers.
--
-- A forum post is `published`, `waiting` (a new member's post, until a moderator
-- approves it) or `hidden` (by a moderator, with the reason its writer is shown).
-- Only published posts count in a thread's counters; a thread is `listed` while its
-- opening post is published (and it was not merged into another).
ALTER TABLE forum_posts ADD COLUMN state TEXT NOT NULL DEFAULT 'published';
ALTER TABLE forum_posts ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
-- The review queue's waiting posts, oldest first.
CREATE INDEX forum_posts_state ON forum_posts (state, id);

ALTER TABLE forum_threads ADD COLUMN listed BOOLEAN NOT NULL DEFAULT TRUE;
-- A thread merged into another answers with a redirect to it.
ALTER TABLE forum_threads ADD COLUMN merged_into BIGINT;

-- Why an account is suspended, shown to its member when they try to sign in.
ALTER TABLE users ADD COLUMN suspended_reason TEXT NOT NULL DEFAULT '';
