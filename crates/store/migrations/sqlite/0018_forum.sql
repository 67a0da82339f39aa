-- The community forum: categories (the defaults are added at start when there are
-- none, so a restored backup is not mixed with them), threads in a category or about
-- one lesson, article or news post (a discussion: unique by the item's kind and id),
-- posts with every earlier version kept, "helpful" reactions, who each post mentions,
-- how far each member has read each thread, and the members' handles for @mentions.
--
-- A thread's `rank` orders its category's list: its latest activity, plus a large
-- constant while it is pinned (so pinned threads come first with one index).
CREATE TABLE forum_categories (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_ja TEXT NOT NULL,
    description_en TEXT NOT NULL DEFAULT '',
    description_ja TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE forum_threads (
    id INTEGER PRIMARY KEY,
    category_id BIGINT REFERENCES forum_categories (id),
    about_kind TEXT,
    about_id BIGINT,
    about_link TEXT,
    title TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    is_question BOOLEAN NOT NULL DEFAULT FALSE,
    accepted_post_id BIGINT,
    pinned BOOLEAN NOT NULL DEFAULT FALSE,
    locked BOOLEAN NOT NULL DEFAULT FALSE,
    closed BOOLEAN NOT NULL DEFAULT FALSE,
    first_post_id BIGINT NOT NULL DEFAULT 0,
    post_count BIGINT NOT NULL DEFAULT 0,
    last_post_id BIGINT NOT NULL DEFAULT 0,
    last_post_at BIGINT NOT NULL,
    rank BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX forum_threads_about ON forum_threads (about_kind, about_id);
-- A thread may be about one prefecture (JIS X 0401 code): its local threads are listed
-- on that prefecture's page of the directory.
ALTER TABLE forum_threads ADD COLUMN prefecture BIGINT;
CREATE INDEX forum_threads_prefecture ON forum_threads (prefecture, last_post_at, id);
CREATE INDEX forum_threads_category ON forum_threads (category_id, rank, id);

CREATE TABLE forum_posts (
    id INTEGER PRIMARY KEY,
    thread_id BIGINT NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    helpful BIGINT NOT NULL DEFAULT 0,
    edited_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX forum_posts_thread ON forum_posts (thread_id, id);
-- Counting a member's posts (the trust rule).
CREATE INDEX forum_posts_author ON forum_posts (author_id);

CREATE TABLE forum_post_revisions (
    id INTEGER PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    editor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    written_at BIGINT NOT NULL,
    replaced_at BIGINT NOT NULL
);
CREATE INDEX forum_post_revisions_post ON forum_post_revisions (post_id, id);

CREATE TABLE forum_reactions (
    post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE forum_mentions (
    post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX forum_mentions_user ON forum_mentions (user_id);

CREATE TABLE forum_reads (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    thread_id BIGINT NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
    last_post_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, thread_id)
);

CREATE TABLE member_handles (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    handle TEXT NOT NULL UNIQUE
);
