-- Every address a course or lesson has had, so that an old address keeps working
-- after a rename: it answers with a permanent redirect to where the course or lesson
-- is now. An address names the lesson (or course) by id, not by its next address, so a
-- chain of renames leads straight to the current one. A live course or lesson at an
-- address always wins over an old address held here.
--
-- `lessons.slug` now follows the lesson's address in the newest revision (it is the key
-- that gives a new lesson its id); the addresses a lesson had before are here.
CREATE TABLE lesson_addresses (
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    PRIMARY KEY (course_id, slug)
);
INSERT INTO lesson_addresses (course_id, slug, lesson_id) SELECT course_id, slug, id FROM lessons;

CREATE TABLE course_addresses (
    slug TEXT PRIMARY KEY,
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE
);
CREATE INDEX course_addresses_course ON course_addresses (course_id);
