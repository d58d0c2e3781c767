-- Auth service schema: users, sessions (refresh-token families), one-time tokens, revocation feed, counters.
CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    full_name      TEXT NOT NULL,
    contact_number TEXT,
    address        TEXT,                 -- Address JSON
    role           TEXT NOT NULL CHECK (role IN ('Customer', 'Administrator')),
    is_active      INTEGER NOT NULL,
    email_verified INTEGER NOT NULL,
    erased         INTEGER NOT NULL DEFAULT 0,
    settings       TEXT NOT NULL,        -- Settings JSON
    last_login_at  INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL
);
CREATE INDEX users_created ON users (created_at);
CREATE INDEX users_role_active ON users (role, is_active);

CREATE TABLE sessions (
    id                 TEXT PRIMARY KEY,
    user_id            TEXT NOT NULL REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    last_used_at       INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL,
    refresh_expires_at INTEGER NOT NULL,
    user_agent         TEXT,
    ip                 TEXT NOT NULL,
    revoked_at         INTEGER,
    revoke_reason      TEXT
);
CREATE INDEX sessions_user ON sessions (user_id, revoked_at);

CREATE TABLE refresh_tokens (
    hash             TEXT PRIMARY KEY,   -- SHA-256 hex; the token itself is never stored
    session_id       TEXT NOT NULL REFERENCES sessions (id),
    issued_at        INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    rotated_at       INTEGER,
    successor_hash   TEXT,
    successor_sealed TEXT                -- AES-GCM sealed successor pair, only during the grace window
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);

CREATE TABLE one_time_tokens (
    hash       TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL CHECK (kind IN ('verify', 'reset')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id, kind);

CREATE TABLE revocations (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    revoked_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX revocations_expires ON revocations (expires_at);

CREATE TABLE counter_events (
    scope TEXT NOT NULL,
    key   TEXT NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX counter_events_key ON counter_events (scope, key, at);
