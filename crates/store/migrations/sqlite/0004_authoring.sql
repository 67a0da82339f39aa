-- Who writes each course, and the editorial conversation about it.
CREATE TABLE course_authors (
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (course_id, user_id)
);

CREATE TABLE course_reviews (
    id INTEGER PRIMARY KEY,
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    revision_id BIGINT,
    user_id BIGINT REFERENCES users (id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX course_reviews_course ON course_reviews (course_id, id);
