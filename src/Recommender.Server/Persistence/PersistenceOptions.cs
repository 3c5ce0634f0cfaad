using Recommender.Storage.Papers;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Server.Persistence;

/// <summary>Names shared by the persistence wiring, the grains and the tests.</summary>
public static class PersistenceOptions
{
    /// <summary>Name of the grain storage provider every grain uses: <c>[PersistentState("...", "state")]</c>.</summary>
    public const string StorageName = "state";

    /// <summary>Orleans' ADO.NET invariant for Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Orleans' ADO.NET invariant for SQLite; Orleans maps it to Microsoft.Data.Sqlite's factory.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";
}
