-- Notifications: an unread count on the member's row (the header shows it without a
-- query of its own: the session lookup already reads `users`), notices kept for a
-- digest mail, members' mail preferences and the forum categories they watch.
--
-- `unread_notices` is raised in the transaction that adds notices and set to the true
-- count when the notices page marks them read.
ALTER TABLE users ADD COLUMN unread_notices BIGINT NOT NULL DEFAULT 0;
UPDATE users SET unread_notices =
    (SELECT COUNT(*) FROM notifications n WHERE n.user_id = users.id AND n.read_at IS NULL);

-- A notice whose mail waits for the member's digest: `digest_pending` until a digest
-- lists it, then `digested_at` says when.
ALTER TABLE notifications ADD COLUMN digest_pending BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE notifications ADD COLUMN digested_at BIGINT;
CREATE INDEX notifications_digest ON notifications (user_id, id) WHERE digest_pending;

-- A member's mail preferences, only when they differ from the defaults: `mail` lists
-- the kinds of event changed, as `kind=mode` pairs separated by commas (mode `now`,
-- `digest` or `site`), and the digest comes daily or weekly.
CREATE TABLE notice_prefs (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    mail TEXT NOT NULL DEFAULT '',
    digest_weekly BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at BIGINT NOT NULL
);

-- The forum categories a member watches: a new thread in one is a notice to them.
CREATE TABLE forum_watches (
    category_id BIGINT NOT NULL REFERENCES forum_categories (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (category_id, user_id)
);
CREATE INDEX forum_watches_user ON forum_watches (user_id, category_id);
