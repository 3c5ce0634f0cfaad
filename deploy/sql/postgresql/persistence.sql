-- Recommender: grain state table and the four storage statements (AdoNetGrainStorage contract).
-- One row per (service, state name, grain key). GrainTypeString carries the *state name*,
-- so grain classes sharing a key must use distinct state names.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NULL
);

-- The hashes narrow the lookup; the full key columns are compared in every statement.
CREATE INDEX IF NOT EXISTS ix_orleansstorage_hashes ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- A unique identity lets concurrent first writes race safely (one wins, the other sees a conflict).
CREATE UNIQUE INDEX IF NOT EXISTS ux_orleansstorage_identity ON OrleansStorage
    (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, COALESCE(GrainIdExtensionString, ''));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
SELECT s.PayloadBinary, s.Version
FROM OrleansStorage AS s
WHERE s.GrainIdHash = @GrainIdHash AND s.GrainTypeHash = @GrainTypeHash
  AND s.ServiceId = @ServiceId AND s.GrainTypeString = @GrainTypeString
  AND s.GrainIdN0 = @GrainIdN0 AND s.GrainIdN1 = @GrainIdN1
  AND COALESCE(s.GrainIdExtensionString, '') = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
$q$),
-- First write (no version yet) inserts version 1; later writes bump the version they were given.
-- Exactly one row comes back; a NULL NewGrainStateVersion tells Orleans the ETag did not match.
('WriteToStorageKey', $q$
WITH given AS (SELECT CAST(@GrainStateVersion AS integer) AS v),
updated AS (
    UPDATE OrleansStorage AS s
    SET PayloadBinary = @PayloadBinary, ModifiedOn = now(), Version = s.Version + 1
    WHERE (SELECT v FROM given) IS NOT NULL AND s.Version = (SELECT v FROM given)
      AND s.GrainIdHash = @GrainIdHash AND s.GrainTypeHash = @GrainTypeHash
      AND s.ServiceId = @ServiceId AND s.GrainTypeString = @GrainTypeString
      AND s.GrainIdN0 = @GrainIdN0 AND s.GrainIdN1 = @GrainIdN1
      AND COALESCE(s.GrainIdExtensionString, '') = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
    RETURNING s.Version
),
inserted AS (
    INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                GrainIdExtensionString, ServiceId, PayloadBinary, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           CAST(@GrainIdExtensionString AS varchar), @ServiceId, @PayloadBinary, 1
    WHERE (SELECT v FROM given) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
)
SELECT (SELECT Version FROM updated UNION ALL SELECT Version FROM inserted LIMIT 1) AS NewGrainStateVersion
$q$),
-- Clearing keeps the row (and its version history) but drops the payload.
('ClearStorageKey', $q$
WITH updated AS (
    UPDATE OrleansStorage AS s
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = s.Version + 1
    WHERE s.Version = CAST(@GrainStateVersion AS integer)
      AND s.GrainIdHash = @GrainIdHash AND s.GrainTypeHash = @GrainTypeHash
      AND s.ServiceId = @ServiceId AND s.GrainTypeString = @GrainTypeString
      AND s.GrainIdN0 = @GrainIdN0 AND s.GrainIdN1 = @GrainIdN1
      AND COALESCE(s.GrainIdExtensionString, '') = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
    RETURNING s.Version
)
SELECT (SELECT Version FROM updated) AS Version
$q$),
-- Used only with DeleteStateOnClear: the row goes away; the old version + 1 proves it matched.
('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM OrleansStorage AS s
    WHERE s.Version = CAST(@GrainStateVersion AS integer)
      AND s.GrainIdHash = @GrainIdHash AND s.GrainTypeHash = @GrainTypeHash
      AND s.ServiceId = @ServiceId AND s.GrainTypeString = @GrainTypeString
      AND s.GrainIdN0 = @GrainIdN0 AND s.GrainIdN1 = @GrainIdN1
      AND COALESCE(s.GrainIdExtensionString, '') = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
    RETURNING s.Version
)
SELECT (SELECT Version + 1 FROM deleted) AS Version
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
