-- Recommender (embedded): the paper catalogue (IPaperStore), outside Orleans grain state.
-- position orders the catalogue by arrival; title_key (fingerprint of the normalized
-- title) makes a re-posted paper under a new id a duplicate; delivered notes that the
-- paper reached its topics, so a retry after a crash finishes only what was cut short.
CREATE TABLE IF NOT EXISTS recommender_papers
(
    position  INTEGER PRIMARY KEY AUTOINCREMENT,
    paper_id  TEXT    NOT NULL UNIQUE,
    title_key TEXT    NOT NULL UNIQUE,
    delivered INTEGER NOT NULL DEFAULT 0,
    payload   BLOB    NOT NULL
);
CREATE INDEX IF NOT EXISTS recommender_papers_undelivered ON recommender_papers (position) WHERE delivered = 0;

-- Which topics a paper belongs to (routed on arrival, or backfilled when a topic is created).
CREATE TABLE IF NOT EXISTS recommender_paper_topics
(
    paper_id   TEXT    NOT NULL,
    topic_id   TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    similarity REAL    NOT NULL,
    PRIMARY KEY (paper_id, topic_id)
);
CREATE INDEX IF NOT EXISTS recommender_paper_topics_recent ON recommender_paper_topics (topic_id, position DESC);
