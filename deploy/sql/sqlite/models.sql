-- Recommender (embedded): the ranking model promoted for each ranker variant (`recommender model
-- promote`). The silo polls the digests and loads a changed model; the row outlives a restart.
-- promoted_at: Unix milliseconds.
CREATE TABLE IF NOT EXISTS recommender_models
(
    service_id  TEXT    NOT NULL,
    variant     TEXT    NOT NULL,
    version     TEXT    NOT NULL,
    digest      TEXT    NOT NULL,
    model       BLOB    NOT NULL,
    promoted_at INTEGER NOT NULL,
    PRIMARY KEY (service_id, variant)
);
