-- Personal API tokens get scopes (what they may do through the API: read, write, and
-- admin only when asked for) and an optional expiry. Tokens made before scopes existed
-- keep reading and writing through the API.
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'read write';
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
