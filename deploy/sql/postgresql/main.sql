-- Recommender: the key -> SQL table every Orleans ADO.NET provider loads its statements from.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);
