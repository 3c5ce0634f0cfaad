namespace Recommender.Server.Persistence;

/// <summary>Where grain state, reminders and membership live.</summary>
public enum PersistenceProfile
{
    /// <summary>PostgreSQL for clustering, grain state and reminders (production).</summary>
    Postgres,

    /// <summary>One SQLite file for grain state and reminders, localhost clustering (single node).</summary>
    Embedded,
}

/// <summary>Persistence choice for a silo: a profile and its target (connection string or SQLite file path).</summary>
public sealed record PersistenceOptions(PersistenceProfile Profile, string Target)
{
    /// <summary>Name of the grain storage provider every grain uses: <c>[PersistentState("...", "state")]</c>.</summary>
    public const string StorageName = "state";

    /// <summary>Orleans' ADO.NET invariant for Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Orleans' ADO.NET invariant for SQLite; Orleans maps it to Microsoft.Data.Sqlite's factory.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    public static PersistenceOptions Postgres(string connectionString) => new(PersistenceProfile.Postgres, connectionString);

    public static PersistenceOptions Embedded(string sqliteFilePath) => new(PersistenceProfile.Embedded, sqliteFilePath);
}
