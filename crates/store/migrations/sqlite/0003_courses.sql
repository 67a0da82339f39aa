-- Courses with their revisions, stable lesson identities, learner progress, quiz
-- attempts, reflection notes and certificates.
CREATE TABLE courses (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'draft',
    published_revision_id BIGINT,
    latest_revision_id BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE course_revisions (
    id INTEGER PRIMARY KEY,
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    content TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id),
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (course_id, number)
);

CREATE TABLE lessons (
    id INTEGER PRIMARY KEY,
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    UNIQUE (course_id, slug)
);

CREATE TABLE lesson_progress (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    visited_at BIGINT NOT NULL,
    completed_at BIGINT,
    best_score BIGINT,
    passed_at BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, lesson_id)
);
CREATE INDEX lesson_progress_course ON lesson_progress (user_id, course_id);

CREATE TABLE quiz_attempts (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    revision_id BIGINT NOT NULL,
    score BIGINT NOT NULL,
    passed BOOLEAN NOT NULL,
    answers TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX quiz_attempts_user ON quiz_attempts (user_id, lesson_id);

CREATE TABLE reflections (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, lesson_id)
);

CREATE TABLE certificates (
    id TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    revision_id BIGINT NOT NULL,
    recipient_name TEXT NOT NULL,
    course_title TEXT NOT NULL,
    hours_tenths BIGINT NOT NULL,
    licence TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    credential TEXT NOT NULL,
    UNIQUE (user_id, course_id)
);
