-- Recommender (embedded): what each user has seen in the app, the impression batches already
-- recorded (so a retried RecordImpressions changes nothing) and the event log that rankers are
-- trained from (one JSON line per event, docs/logs-format.md). Times are Unix milliseconds. All
-- three are bounded: SqlSeenStore trims a user's seen set to its cap on every write, and a
-- periodic prune drops seen rows, batch ids and events past their retention.
CREATE TABLE IF NOT EXISTS recommender_seen_papers
(
    service_id TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    paper_id   TEXT    NOT NULL,
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (service_id, user_id, paper_id)
);
CREATE INDEX IF NOT EXISTS recommender_seen_papers_by_time ON recommender_seen_papers (service_id, user_id, seen_at);

CREATE TABLE IF NOT EXISTS recommender_impression_batches
(
    service_id  TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    batch_id    TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (service_id, user_id, batch_id)
);
CREATE INDEX IF NOT EXISTS recommender_impression_batches_by_time ON recommender_impression_batches (service_id, recorded_at);

-- AUTOINCREMENT: a deleted sequence number is never handed out again, so an export can page by it.
CREATE TABLE IF NOT EXISTS recommender_events
(
    sequence    INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id  TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    line        TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS recommender_events_by_sequence ON recommender_events (service_id, sequence);
CREATE INDEX IF NOT EXISTS recommender_events_by_time ON recommender_events (service_id, recorded_at);
