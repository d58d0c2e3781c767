-- Transactional outbox shared by every service: emails (the delivery records of API.md §8.2) and
-- integration events (one row per subscriber), written in the same transaction as the change.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('email', 'event')),
    topic           TEXT NOT NULL,             -- email template or event type
    destination     TEXT NOT NULL,             -- recipient address ('' = resolve at send) or subscriber name
    user_id         TEXT,
    setting         TEXT,                      -- notification setting that must be on, or NULL
    related_type    TEXT,
    related_id      TEXT,
    aggregate_id    TEXT,
    subject         TEXT,
    payload         TEXT,                      -- rendered email (cleared once sent) or the event JSON
    request_id      TEXT,
    status          TEXT NOT NULL,             -- email: queued|sent|failed|skipped; event: queued|delivered|parked
    attempts        INTEGER NOT NULL DEFAULT 0,
    max_attempts    INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    last_attempt_at INTEGER,
    next_attempt_at INTEGER,
    sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_kind_created ON outbox (kind, created_at);
CREATE INDEX outbox_event_order ON outbox (destination, aggregate_id, seq) WHERE kind = 'event';

-- Consumed integration events (inbox): redelivery of a handled event id is a no-op.
CREATE TABLE processed_events (
    event_id     TEXT PRIMARY KEY,
    type         TEXT NOT NULL,
    processed_at INTEGER NOT NULL
);

-- Idempotency-Key records (API.md §1.11), kept 24 h.
CREATE TABLE idempotency_keys (
    scope        TEXT PRIMARY KEY,             -- userId | method | path | key
    request_hash TEXT NOT NULL,
    status       INTEGER,                      -- NULL while the first request runs
    response     TEXT,
    created_at   INTEGER NOT NULL
);
