-- One search in PostgreSQL's own full-text search (see bench/search_pg.sql): documents
-- whose words match the query's words ('simple' configuration), or whose text holds
-- the query as a substring (ILIKE, served by the trigram index when the query has at
-- least three characters), best first by ts_rank, then by how close the title is to
-- the query (pg_trgm's word_similarity: cheap on titles, where similarity() over each
-- matching document's whole text would dominate the cost); the first ten, each with a
-- snippet (ts_headline), as altto's API answers. :q is the query as an SQL literal
-- (psql -v q="'…'", or pgbench's \gset of quote_literal).
SELECT url, title, ts_headline('simple', text, plainto_tsquery('simple', :q), 'MaxFragments=1, MaxWords=30, MinWords=12') AS snippet
FROM (
    SELECT id, url, title, text,
           ts_rank(tsv, plainto_tsquery('simple', :q)) AS rank,
           word_similarity(:q, title) AS closeness
    FROM docs
    WHERE tsv @@ plainto_tsquery('simple', :q)
       OR (title || ' ' || text) ILIKE '%' || replace(replace(replace(:q, '\', '\\'), '%', '\%'), '_', '\_') || '%'
    ORDER BY rank DESC, closeness DESC, id
    LIMIT 10
) AS best
ORDER BY rank DESC, closeness DESC, id;
