-- Complaint service schema. A complaint is stored as its document (the API representation without history
-- and assignment history) plus the columns lists filter and sort on; history and assignments beside it.
CREATE TABLE complaints (
    id            TEXT PRIMARY KEY,
    complaint_id  TEXT NOT NULL UNIQUE,
    user_id       TEXT NOT NULL,
    status        TEXT NOT NULL,
    status_rank   INTEGER NOT NULL,
    category      TEXT NOT NULL,
    priority      TEXT NOT NULL,
    priority_rank INTEGER NOT NULL,
    assigned_to   TEXT,
    order_id      TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER,
    version       INTEGER NOT NULL,
    search_text   TEXT NOT NULL,     -- lower-cased number, subject and description
    email_text    TEXT NOT NULL,     -- lower-cased customer email (administrators' search)
    doc           TEXT NOT NULL,
    history       TEXT NOT NULL,
    assignments   TEXT NOT NULL
);
CREATE INDEX complaints_user_created ON complaints (user_id, created_at);
CREATE INDEX complaints_created ON complaints (created_at);
CREATE INDEX complaints_status ON complaints (status_rank, created_at);
CREATE INDEX complaints_assignee ON complaints (assigned_to, created_at);

CREATE TABLE comments (
    id           TEXT PRIMARY KEY,
    complaint_id TEXT NOT NULL REFERENCES complaints (id),
    user_id      TEXT NOT NULL,
    user_role    TEXT NOT NULL,
    author_name  TEXT NOT NULL,
    comment      TEXT NOT NULL,
    is_internal  INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX comments_complaint ON comments (complaint_id, created_at);
