-- Visitors keep their progress on their device (a signed cookie) and it is merged into
-- their account when they sign in. Each cookie carries a random id, and each id is
-- merged once: a saved copy of the cookie sent again after the merge adds nothing.
CREATE TABLE progress_merges (
    merge_id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    merged_at BIGINT NOT NULL
);
CREATE INDEX progress_merges_user ON progress_merges (user_id);
