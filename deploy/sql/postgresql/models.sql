-- Recommender: the ranking model promoted for each ranker variant (`recommender model promote`).
-- Every silo polls the digests and loads a changed model, so a promotion reaches the whole
-- cluster without a restart and outlives one. promoted_at: Unix milliseconds.
CREATE TABLE IF NOT EXISTS recommender_models
(
    service_id  text   NOT NULL,
    variant     text   NOT NULL,
    version     text   NOT NULL,
    digest      text   NOT NULL,
    model       bytea  NOT NULL,
    promoted_at bigint NOT NULL,
    PRIMARY KEY (service_id, variant)
);
