-- Recommender (embedded): the key -> SQL table the Orleans ADO.NET providers load their statements from.
-- WAL lets readers run beside the single writer; the setting is stored in the database file.
PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
