-- Recommender (embedded): the paper catalogue (IPaperStore), outside Orleans grain state.
-- Rows belong to one service (Orleans' ServiceId), like grain state. position orders the
-- catalogue by arrival; title_key (fingerprint of the normalized title) makes a re-posted
-- paper under a new id a duplicate; delivered notes that the paper reached its topics,
-- so a retry after a crash finishes only what was cut short.
CREATE TABLE IF NOT EXISTS recommender_papers
(
    position   INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id TEXT    NOT NULL,
    paper_id   TEXT    NOT NULL,
    title_key  TEXT    NOT NULL,
    delivered  INTEGER NOT NULL DEFAULT FALSE,
    payload    BLOB    NOT NULL,
    UNIQUE (service_id, paper_id),
    UNIQUE (service_id, title_key)
);
CREATE INDEX IF NOT EXISTS recommender_papers_order ON recommender_papers (service_id, position);
CREATE INDEX IF NOT EXISTS recommender_papers_undelivered ON recommender_papers (service_id, position) WHERE delivered = FALSE;

-- Which topics a paper belongs to (routed on arrival, or backfilled when a topic is created).
CREATE TABLE IF NOT EXISTS recommender_paper_topics
(
    service_id TEXT    NOT NULL,
    paper_id   TEXT    NOT NULL,
    topic_id   TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    similarity REAL    NOT NULL,
    PRIMARY KEY (service_id, paper_id, topic_id)
);
CREATE INDEX IF NOT EXISTS recommender_paper_topics_recent ON recommender_paper_topics (service_id, topic_id, position DESC);
