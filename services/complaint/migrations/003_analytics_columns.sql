-- What analytics aggregate, as columns (kept by every write): no document parsing over 100k complaints.
ALTER TABLE complaints ADD COLUMN first_response_at INTEGER;  -- first assignment or administrator public reply
ALTER TABLE complaints ADD COLUMN resolved_at INTEGER;
ALTER TABLE complaints ADD COLUMN reopened_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN rating INTEGER;             -- latest satisfaction rating
ALTER TABLE complaints ADD COLUMN assignee_name TEXT;
UPDATE complaints SET
    resolved_at = CAST((julianday(json_extract(doc, '$.resolvedAt')) - 2440587.5) * 86400000 AS INTEGER),
    reopened_count = coalesce(json_extract(doc, '$.reopenedCount'), 0),
    rating = json_extract(doc, '$.feedback.rating'),
    assignee_name = json_extract(doc, '$.assignedTo.fullName'),
    first_response_at = (SELECT min(t) FROM (
        SELECT CAST((julianday(json_extract(assignments, '$[0].assignedAt')) - 2440587.5) * 86400000 AS INTEGER) AS t
        UNION ALL SELECT min(m.created_at) FROM comments m WHERE m.complaint_id = complaints.id
                  AND m.user_role = 'Administrator' AND m.is_internal = 0));
CREATE INDEX complaints_created_status ON complaints (created_at, status);
