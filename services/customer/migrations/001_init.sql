-- Customer service schema: customer records (copies of Auth's profile data plus totals), the per-order and
-- per-complaint projections totals are derived from (API.md §9.3), and the timeline.
CREATE TABLE customers (
    id               TEXT PRIMARY KEY,       -- = Auth user id
    email            TEXT NOT NULL,
    full_name        TEXT NOT NULL,
    contact_number   TEXT,
    address          TEXT,                   -- Address JSON
    account_status   TEXT NOT NULL CHECK (account_status IN ('Active', 'Inactive', 'Deleted')),
    erased           INTEGER NOT NULL DEFAULT 0,
    deleted_at       INTEGER,
    customer_since   INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    user_version     INTEGER NOT NULL DEFAULT 0,  -- last applied aggregateVersion of Auth's user events
    total_orders     INTEGER NOT NULL DEFAULT 0,
    total_spent      INTEGER NOT NULL DEFAULT 0,  -- paise
    last_order_date  INTEGER,
    total_complaints INTEGER NOT NULL DEFAULT 0,
    search_text      TEXT NOT NULL             -- lower-cased name, email, phone (also digits only) and id
);
CREATE INDEX customers_since ON customers (customer_since);
CREATE INDEX customers_status ON customers (account_status, customer_since);
CREATE INDEX customers_name ON customers (full_name COLLATE NOCASE);

CREATE TABLE order_projection (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    number      TEXT NOT NULL,
    status      TEXT NOT NULL,
    total       INTEGER NOT NULL,
    refund      INTEGER NOT NULL,
    order_date  INTEGER NOT NULL,
    deleted     INTEGER NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX order_projection_customer ON order_projection (customer_id);

CREATE TABLE complaint_projection (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    number      TEXT NOT NULL,
    status      TEXT NOT NULL,
    deleted     INTEGER NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX complaint_projection_customer ON complaint_projection (customer_id);

CREATE TABLE timeline (
    id          TEXT PRIMARY KEY,            -- source event id, or a new id for the service's own changes
    customer_id TEXT NOT NULL,
    type        TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    summary     TEXT NOT NULL,
    reference   TEXT,                        -- {kind, id, number} JSON
    actor       TEXT                         -- {userId, role} JSON
);
CREATE INDEX timeline_customer ON timeline (customer_id, occurred_at);
