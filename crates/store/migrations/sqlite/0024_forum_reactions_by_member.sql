-- A member's "helpful" marks: their page of a thread reads the marks on its posts with
-- one range scan, and deleting an account finds its marks without reading them all.
CREATE INDEX forum_reactions_user ON forum_reactions (user_id, post_id);
