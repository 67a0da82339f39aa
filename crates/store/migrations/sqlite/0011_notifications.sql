-- Notices to members inside the site (an e-mail may go with them): what happened,
-- about what, where to look, and whether the member has seen it.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    title TEXT NOT NULL,
    link TEXT NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
