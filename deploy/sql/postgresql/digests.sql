-- Recommender: the email-digest ledger and the settings it is driven by.
-- Who gets digests (one row per user; cadence 0 never, 1 daily, 2 weekly). An address the
-- mail server refused for good sits in suppressed_email until the user changes the email.
CREATE TABLE IF NOT EXISTS recommender_digest_subscribers
(
    service_id        text    NOT NULL,
    user_id           text    NOT NULL,
    email             text    NOT NULL,
    display_name      text    NOT NULL,
    cadence           bigint NOT NULL,
    time_zone         text    NOT NULL,
    send_hour         bigint NOT NULL,
    suppressed_email  text    NOT NULL DEFAULT '',
    suppressed_reason text    NOT NULL DEFAULT '',
    updated_at        bigint NOT NULL,
    PRIMARY KEY (service_id, user_id)
);

-- One row per (user, period): leased by a generator, then closed as sent, empty or
-- rejected. paper_ids keeps the papers chosen for it, so a retry mails the same ones.
-- Times are Unix milliseconds.
CREATE TABLE IF NOT EXISTS recommender_digests
(
    service_id    text    NOT NULL,
    user_id       text    NOT NULL,
    period        text    NOT NULL,
    state         text    NOT NULL,
    email         text    NOT NULL,
    lease_token   text    NOT NULL,
    lease_until   bigint NOT NULL,
    lease_seconds bigint NOT NULL,
    attempts      bigint NOT NULL,
    generator_id  text    NOT NULL,
    paper_ids     text    NOT NULL DEFAULT '',
    message_id    text    NOT NULL DEFAULT '',
    smtp_reply    text    NOT NULL DEFAULT '',
    last_error    text    NOT NULL DEFAULT '',
    created_at    bigint NOT NULL,
    completed_at  bigint,
    PRIMARY KEY (service_id, user_id, period)
);

-- Every paper a user has been mailed: a paper is never mailed to the same user twice.
CREATE TABLE IF NOT EXISTS recommender_digest_papers
(
    service_id text NOT NULL,
    user_id    text NOT NULL,
    paper_id   text NOT NULL,
    period     text NOT NULL,
    PRIMARY KEY (service_id, user_id, paper_id)
);

-- The key that signs unsubscribe and feedback links, shared by every silo of a service.
CREATE TABLE IF NOT EXISTS recommender_digest_keys
(
    service_id  text NOT NULL PRIMARY KEY,
    signing_key bytea NOT NULL
);
