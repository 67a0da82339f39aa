-- The managed list of course topics. A course names its topics by slug (in its
-- revisions and packages); the list gives each slug its English and Japanese labels.
-- A topic added because an imported package named an unknown slug is provisional
-- (labelled with its slug) until someone gives it labels.
CREATE TABLE topics (
    slug TEXT PRIMARY KEY,
    label_en TEXT NOT NULL,
    label_ja TEXT NOT NULL,
    provisional BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
