-- The teachers' directory and private messages between members.
--
-- A member is listed in the directory only when they opt in (off by default); what
-- the directory shows still follows the profile's visibility.
ALTER TABLE users ADD COLUMN listed_in_directory BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX users_directory ON users (listed_in_directory, prefecture, id);

-- A conversation between members; who takes part is in conversation_members.
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    started_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);

-- One row per participant: where the conversation sorts in their list (the newest
-- message's time and id) and the last message they have read, so "unread" is a
-- comparison of two ids on the row.
CREATE TABLE conversation_members (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_message_at BIGINT NOT NULL,
    last_message_id BIGINT NOT NULL DEFAULT 0,
    read_message_id BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_list ON conversation_members (user_id, last_message_at, conversation_id);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);

-- A member who blocked another: the blocked one can no longer message them.
CREATE TABLE member_blocks (
    blocker_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);

-- What members report to the moderators: who, about what (a kind of subject and its
-- id, so flags on forum posts can share the table), why and when; resolved by a
-- moderator later.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    reporter_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    subject_kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    subject_author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    resolved_at BIGINT,
    resolved_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX reports_open ON reports (resolved_at, created_at);
CREATE INDEX reports_subject ON reports (subject_kind, subject_id);
