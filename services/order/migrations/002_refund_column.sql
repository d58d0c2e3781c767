-- The approved refund as a column, so analytics aggregate without reading documents.
ALTER TABLE orders ADD COLUMN refund_paise INTEGER NOT NULL DEFAULT 0;
UPDATE orders SET refund_paise = CAST(round(coalesce(json_extract(doc, '$.returnRequest.refundAmount'), 0) * 100) AS INTEGER)
WHERE status = 'Returned';
