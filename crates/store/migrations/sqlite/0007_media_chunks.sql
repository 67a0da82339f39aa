-- File contents move out of `media` into blobs kept in chunks of 256 KiB (262144
-- bytes), so that a range request reads only the chunks it asks for and a whole file is
-- sent a chunk at a time instead of being read into memory. A blob never changes:
-- replacing a file stores a new blob and points the file at it.
CREATE TABLE blobs (
    id INTEGER PRIMARY KEY,
    size BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE blob_chunks (
    blob_id BIGINT NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (blob_id, seq)
);

-- Every existing file becomes a blob numbered like its row, cut into chunks (an empty
-- file has none).
INSERT INTO blobs (id, size, created_at) SELECT rowid, size, created_at FROM media;
WITH RECURSIVE pieces (blob_id, seq) AS (
    SELECT rowid, 0 FROM media WHERE size > 0
    UNION ALL
    SELECT pieces.blob_id, pieces.seq + 1 FROM pieces JOIN media ON media.rowid = pieces.blob_id
    WHERE (pieces.seq + 1) * 262144 < media.size
)
INSERT INTO blob_chunks (blob_id, seq, bytes)
SELECT pieces.blob_id, pieces.seq, substr(media.bytes, pieces.seq * 262144 + 1, 262144)
FROM pieces JOIN media ON media.rowid = pieces.blob_id;

ALTER TABLE media ADD COLUMN blob_id BIGINT REFERENCES blobs (id);
UPDATE media SET blob_id = rowid;
ALTER TABLE media DROP COLUMN bytes;
CREATE INDEX media_blob ON media (blob_id);
