-- Order service schema. An order is stored as its document (the API representation without history) plus
-- the columns that lists filter and sort on; its history is a JSON array beside it.
CREATE TABLE orders (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL,
    status       TEXT NOT NULL,
    status_rank  INTEGER NOT NULL,
    total_paise  INTEGER NOT NULL,
    order_date   INTEGER NOT NULL,
    deleted_at   INTEGER,
    version      INTEGER NOT NULL,
    search_text  TEXT NOT NULL,            -- lower-cased order number and product names
    email_text   TEXT NOT NULL,            -- lower-cased customer email (administrators' search)
    doc          TEXT NOT NULL,
    history      TEXT NOT NULL
);
CREATE INDEX orders_user_date ON orders (user_id, order_date);
CREATE INDEX orders_date ON orders (order_date);
CREATE INDEX orders_status_date ON orders (status_rank, order_date);
CREATE INDEX orders_total ON orders (total_paise);
