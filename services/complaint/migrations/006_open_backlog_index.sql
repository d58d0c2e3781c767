-- The open backlog (analytics: open complaints by age, whatever the period) read from this index alone.
CREATE INDEX complaints_open ON complaints (status, deleted_at, created_at);
