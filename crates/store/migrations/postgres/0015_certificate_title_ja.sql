-- A certificate keeps the course's Japanese title as it was when the course was
-- completed, so the certificate page needs no old course revision to show it. Existing
-- certificates take it from the revision they were issued for.
ALTER TABLE certificates ADD COLUMN course_title_ja TEXT;
UPDATE certificates SET course_title_ja = (
    SELECT NULLIF(TRIM(content::jsonb ->> 'title_ja'), '')
    FROM revisions WHERE revisions.kind = 'course' AND revisions.id = certificates.revision_id
);
