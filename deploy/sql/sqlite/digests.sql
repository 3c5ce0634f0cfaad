-- Recommender (embedded): the email-digest ledger and the settings it is driven by.
-- Who gets digests (one row per user; cadence 0 never, 1 daily, 2 weekly). An address the
-- mail server refused for good sits in suppressed_email until the user changes the email.
CREATE TABLE IF NOT EXISTS recommender_digest_subscribers
(
    service_id        TEXT    NOT NULL,
    user_id           TEXT    NOT NULL,
    email             TEXT    NOT NULL,
    display_name      TEXT    NOT NULL,
    cadence           INTEGER NOT NULL,
    time_zone         TEXT    NOT NULL,
    send_hour         INTEGER NOT NULL,
    suppressed_email  TEXT    NOT NULL DEFAULT '',
    suppressed_reason TEXT    NOT NULL DEFAULT '',
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (service_id, user_id)
);

-- One row per (user, period): leased by a generator, then closed as sent, empty or
-- rejected. paper_ids keeps the papers chosen for it, so a retry mails the same ones.
-- Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS recommender_digests
(
    service_id    TEXT    NOT NULL,
    user_id       TEXT    NOT NULL,
    period        TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    lease_token   TEXT    NOT NULL,
    lease_until   INTEGER NOT NULL,
    lease_seconds INTEGER NOT NULL,
    attempts      INTEGER NOT NULL,
    generator_id  TEXT    NOT NULL,
    paper_ids     TEXT    NOT NULL DEFAULT '',
    message_id    TEXT    NOT NULL DEFAULT '',
    smtp_reply    TEXT    NOT NULL DEFAULT '',
    last_error    TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    completed_at  INTEGER,
    PRIMARY KEY (service_id, user_id, period)
);

-- Every paper a user has been mailed: a paper is never mailed to the same user twice.
CREATE TABLE IF NOT EXISTS recommender_digest_papers
(
    service_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    paper_id   TEXT NOT NULL,
    period     TEXT NOT NULL,
    PRIMARY KEY (service_id, user_id, paper_id)
);

-- The key that signs unsubscribe and feedback links, shared by every silo of a service.
CREATE TABLE IF NOT EXISTS recommender_digest_keys
(
    service_id  TEXT NOT NULL PRIMARY KEY,
    signing_key BLOB NOT NULL
);
