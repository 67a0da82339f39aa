-- PostgreSQL's own full-text search over what altto's search index holds, for
-- bench/search.sh, in an empty database:
--   psql -v queries="$(cat bench/search_queries.txt)" -f bench/search_pg.sql < export.jsonl
-- where export.jsonl is `altto search export` (one JSON object a line: kind, url, title,
-- title_ja, text, lang). A document's searchable text is its title (and Japanese title)
-- and its text:
--   - a tsvector with the 'simple' configuration (lower-cased words split at spaces and
--     punctuation; no stemming, and no splitting of Japanese, which has no spaces), and
--   - a trigram index (pg_trgm) on the same text, so that ILIKE '%q%' finds Japanese
--     substrings the tsvector cannot.
-- The query itself is bench/search_pg_query.sql.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
-- The index builds may use 256 MB (the default is 64 MB).
SET maintenance_work_mem = '256MB';
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP TABLE IF EXISTS docs, docs_raw, bench_queries;

-- Each line whole, as text: no character of JSON is a quote or delimiter here.
CREATE UNLOGGED TABLE docs_raw (doc text NOT NULL);
\copy docs_raw (doc) FROM pstdin WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')

CREATE TABLE docs (
    id serial PRIMARY KEY,
    kind text NOT NULL,
    url text NOT NULL,
    title text NOT NULL,
    text text NOT NULL,
    lang text,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || text)) STORED
);
INSERT INTO docs (kind, url, title, text, lang)
SELECT d ->> 'kind', d ->> 'url', concat_ws(' ', d ->> 'title', d ->> 'title_ja'), coalesce(d ->> 'text', ''), d ->> 'lang'
FROM (SELECT doc::jsonb AS d FROM docs_raw) AS lines;
DROP TABLE docs_raw;

CREATE INDEX docs_tsv ON docs USING gin (tsv);
CREATE INDEX docs_trgm ON docs USING gin ((title || ' ' || text) gin_trgm_ops);
VACUUM ANALYZE docs;

-- The benchmark's queries, for pgbench to pick from at random.
CREATE TABLE bench_queries (id integer PRIMARY KEY, q text NOT NULL);
INSERT INTO bench_queries
SELECT row_number() OVER (ORDER BY n), q
FROM regexp_split_to_table(:'queries', E'\n') WITH ORDINALITY AS lines (q, n)
WHERE q <> '';
ANALYZE bench_queries;
