// The connection strings a silo's PostgreSQL pools use: the operator's, with a bounded pool and
// prepared statements unless the operator chose those settings.
using Npgsql;

namespace Recommender.Server.Hosting;

public static class PostgresConnections
{
    /// <summary>Connections per silo for Orleans' ADO.NET providers (grain state, membership, reminders), which share one Npgsql pool.</summary>
    public const int OrleansPoolSize = 12;

    /// <summary>Connections per silo for the catalogue, subscriptions and digest ledger (one NpgsqlDataSource).</summary>
    public const int CataloguePoolSize = 16;

    /// <summary>Statements each connection keeps prepared: more than the service and Orleans' providers use often.</summary>
    public const int PreparedStatements = 64;

    public static string ForOrleans(string connectionString) => Shaped(connectionString, OrleansPoolSize);

    public static string ForCatalogue(string connectionString) => Shaped(connectionString, CataloguePoolSize);

    /// <summary>
    /// Npgsql opens up to 100 connections per pool by default, PostgreSQL's whole default budget, and a silo has
    /// two pools (plus the health probe's 2). Unless the operator chose a size, a silo holds at most
    /// 12 + 16 + 2 = 30, so three silos fit max_connections = 100 (97 after the superuser reserve); a caller
    /// beyond the pool waits briefly for a connection instead of failing.
    /// Npgsql also prepares nothing by default, so PostgreSQL would parse and plan every statement of every
    /// follow, publish and grain write anew: unless the operator chose otherwise, each connection keeps its
    /// most used statements prepared (Npgsql's automatic preparation, from a statement's fifth use). At
    /// 100,000 users this took registrations from 1,772-1,912 to 2,505 calls/s (docs/benchmarks.md).
    /// </summary>
    private static string Shaped(string connectionString, int poolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
        {
            builder.MaxPoolSize = poolSize;
        }
        if (!Mentions(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = PreparedStatements;
        }
        return builder.ConnectionString;
    }

    private static bool Mentions(string connectionString, params string[] spellings) =>
        spellings.Any(s => connectionString.Contains(s, StringComparison.OrdinalIgnoreCase));
}
