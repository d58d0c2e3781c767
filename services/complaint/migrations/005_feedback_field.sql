-- Complaints registered before ratings existed gain the representation's `feedback` (none yet): every write
-- reads it.
UPDATE complaints SET doc = json_set(doc, '$.feedback', json('null')) WHERE json_type(doc, '$.feedback') IS NULL;
