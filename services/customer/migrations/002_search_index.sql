-- Substring search over 100k+ customers without a full scan: an FTS5 trigram index over search_text,
-- kept in step with the customers table by triggers (queries of 3+ characters use it).
CREATE VIRTUAL TABLE customer_search USING fts5(search_text, tokenize = 'trigram', content = 'customers',
                                                content_rowid = 'rowid');
CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customer_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customer_search (customer_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER customers_search_update AFTER UPDATE OF search_text ON customers BEGIN
    INSERT INTO customer_search (customer_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO customer_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
INSERT INTO customer_search (customer_search) VALUES ('rebuild');
