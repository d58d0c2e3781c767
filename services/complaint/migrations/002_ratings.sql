-- Satisfaction ratings (one per resolution; earlier ones are kept when a reopened complaint is resolved again).
ALTER TABLE complaints ADD COLUMN ratings TEXT NOT NULL DEFAULT '[]';
