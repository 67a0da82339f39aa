-- The Monthly Trainer newsletter: subscribers (with or without an account, confirmed
-- by double opt-in), issues (drafts, sending, sent: the public archive), and one
-- delivery row per issue and subscriber, created in the same transaction as its queued
-- mail, so an interrupted or repeated send never mails anyone twice.
--
-- The mail queue learns to carry an HTML part and extra headers (List-Unsubscribe);
-- mail queued before has neither and is sent as plain text, as before.
ALTER TABLE mail_queue ADD COLUMN body_html TEXT;
ALTER TABLE mail_queue ADD COLUMN headers TEXT;

CREATE TABLE newsletter_subscribers (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    lang TEXT NOT NULL DEFAULT 'en',
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    failures BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    unsubscribed_at BIGINT
);
CREATE INDEX newsletter_subscribers_user ON newsletter_subscribers (user_id);

CREATE TABLE newsletter_issues (
    id INTEGER PRIMARY KEY,
    number BIGINT UNIQUE,
    slug TEXT UNIQUE,
    subject TEXT NOT NULL,
    subject_ja TEXT,
    intro TEXT NOT NULL,
    items TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL DEFAULT 'draft',
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    sending_started_at BIGINT,
    sent_at BIGINT
);

CREATE TABLE newsletter_deliveries (
    issue_id BIGINT NOT NULL REFERENCES newsletter_issues (id) ON DELETE CASCADE,
    subscriber_id BIGINT NOT NULL REFERENCES newsletter_subscribers (id) ON DELETE CASCADE,
    mail_id BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (issue_id, subscriber_id)
);
CREATE INDEX newsletter_deliveries_mail ON newsletter_deliveries (mail_id);
