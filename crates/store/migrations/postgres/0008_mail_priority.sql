-- Transactional mail (sign-up, password reset, address change) goes before bulk mail
-- (newsletters), so a large mailing never delays a member waiting for a link; and a
-- message that keeps failing is given up on visibly (`failed_at`), for an admin to send
-- again, instead of counting as pending for ever.
ALTER TABLE mail_queue ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_queue ADD COLUMN failed_at BIGINT;
UPDATE mail_queue SET failed_at = created_at WHERE sent_at IS NULL AND next_attempt_at = 9223372036854775807;
DROP INDEX mail_queue_due;
CREATE INDEX mail_queue_due ON mail_queue (priority, next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
