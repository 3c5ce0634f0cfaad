-- Recommender: the paper catalogue (IPaperStore), outside Orleans grain state.
-- position orders the catalogue by arrival; title_key (fingerprint of the normalized
-- title) makes a re-posted paper under a new id a duplicate; delivered notes that the
-- paper reached its topics, so a retry after a crash finishes only what was cut short.
CREATE TABLE IF NOT EXISTS recommender_papers
(
    position  bigint  GENERATED ALWAYS AS IDENTITY,
    paper_id  text    NOT NULL PRIMARY KEY,
    title_key text    NOT NULL UNIQUE,
    delivered boolean NOT NULL DEFAULT false,
    payload   bytea   NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS recommender_papers_position ON recommender_papers (position);
CREATE INDEX IF NOT EXISTS recommender_papers_undelivered ON recommender_papers (position) WHERE NOT delivered;

-- Which topics a paper belongs to (routed on arrival, or backfilled when a topic is created).
CREATE TABLE IF NOT EXISTS recommender_paper_topics
(
    paper_id   text   NOT NULL,
    topic_id   text   NOT NULL,
    position   bigint NOT NULL,
    similarity real   NOT NULL,
    PRIMARY KEY (paper_id, topic_id)
);
CREATE INDEX IF NOT EXISTS recommender_paper_topics_recent ON recommender_paper_topics (topic_id, position DESC);
