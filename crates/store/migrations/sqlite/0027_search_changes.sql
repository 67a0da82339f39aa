-- What the search index must read again, written by the database itself: every node
-- keeps its own index (a folder of derived data) and applies the rows added since it
-- last looked, so a post hidden on one node leaves every node's results within a
-- second, and no code path that writes these tables can forget to tell the index.
--
-- `subject` is `post`, `thread`, `member` or `issue` (a newsletter issue); the index
-- reads the subject's current state again, so a row says only "look again", never what
-- changed. Published documents (courses, articles, news, glossary) are followed through
-- the published-content index instead. Rows older than a day are deleted by the nodes.
-- AUTOINCREMENT: an id is never used twice, even after the newest rows are deleted, so
-- a node's "everything up to id N is applied" stays true.
CREATE TABLE search_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX search_changes_time ON search_changes (created_at);

CREATE TRIGGER search_post_added AFTER INSERT ON forum_posts BEGIN
    INSERT INTO search_changes (subject, subject_id, created_at)
    VALUES ('post', NEW.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER search_post_changed AFTER UPDATE ON forum_posts
WHEN OLD.body IS NOT NEW.body OR OLD.state IS NOT NEW.state OR OLD.thread_id IS NOT NEW.thread_id
    OR OLD.author_id IS NOT NEW.author_id BEGIN
    INSERT INTO search_changes (subject, subject_id, created_at)
    VALUES ('post', NEW.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER search_post_removed AFTER DELETE ON forum_posts BEGIN
    INSERT INTO search_changes (subject, subject_id, created_at)
    VALUES ('post', OLD.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TRIGGER search_thread_added AFTER INSERT ON forum_threads BEGIN
    INSERT INTO search_changes (subject, subject_id, created_at)
    VALUES ('thread', NEW.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER search_thread_changed AFTER UPDATE ON forum_threads
WHEN OLD.title IS NOT NEW.title OR OLD.listed IS NOT NEW.listed OR OLD.merged_into IS NOT NEW.merged_into
    OR OLD.category_id IS NOT NEW.category_id OR OLD.first_post_id IS NOT NEW.first_post_id
    OR OLD.prefecture IS NOT NEW.prefecture BEGIN
    INSERT INTO search_changes (subject, subject_id, created_at)
    VALUES ('thread', NEW.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER search_thread_removed AFTER DELETE ON forum_threads BEGIN
    INSERT INTO search_changes (subject, subject_id, created_at)
    VALUES ('thread', OLD.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

-- A member: their directory entry, and whether their posts may be found at all (a
-- suspended or removed member's posts are not).
CREATE TRIGGER search_member_changed AFTER UPDATE ON users
WHEN OLD.status IS NOT NEW.status OR OLD.visibility IS NOT NEW.visibility
    OR OLD.listed_in_directory IS NOT NEW.listed_in_directory OR OLD.display_name IS NOT NEW.display_name
    OR OLD.bio IS NOT NEW.bio OR OLD.prefecture IS NOT NEW.prefecture OR OLD.school_levels IS NOT NEW.school_levels
    OR OLD.interests IS NOT NEW.interests OR OLD.employer_type IS NOT NEW.employer_type BEGIN
    INSERT INTO search_changes (subject, subject_id, created_at)
    VALUES ('member', NEW.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER search_member_removed AFTER DELETE ON users BEGIN
    INSERT INTO search_changes (subject, subject_id, created_at)
    VALUES ('member', OLD.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TRIGGER search_issue_added AFTER INSERT ON newsletter_issues BEGIN
    INSERT INTO search_changes (subject, subject_id, created_at)
    VALUES ('issue', NEW.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER search_issue_changed AFTER UPDATE ON newsletter_issues
WHEN OLD.subject IS NOT NEW.subject OR OLD.subject_ja IS NOT NEW.subject_ja OR OLD.intro IS NOT NEW.intro
    OR OLD.items IS NOT NEW.items OR OLD.state IS NOT NEW.state OR OLD.slug IS NOT NEW.slug
    OR OLD.number IS NOT NEW.number OR OLD.sent_at IS NOT NEW.sent_at BEGIN
    INSERT INTO search_changes (subject, subject_id, created_at)
    VALUES ('issue', NEW.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER search_issue_removed AFTER DELETE ON newsletter_issues BEGIN
    INSERT INTO search_changes (subject, subject_id, created_at)
    VALUES ('issue', OLD.id, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
