-- Recommender: who follows which topic, and each user's ranking inputs, outside grain state.
-- A follow writes one row whatever the topic's size; a topic activating loads its
-- subscribers' inputs with one join. payload is the user's SubscriberProfile in Orleans'
-- binary format; version only grows, so an older copy never overwrites a newer one.
CREATE TABLE IF NOT EXISTS recommender_subscriptions
(
    service_id TEXT NOT NULL,
    topic_id   TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    PRIMARY KEY (service_id, topic_id, user_id)
);

CREATE TABLE IF NOT EXISTS recommender_user_inputs
(
    service_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    version    INTEGER NOT NULL,
    payload    BLOB NOT NULL,
    PRIMARY KEY (service_id, user_id)
);
