// Where the persistence tests find their databases.
using System.Net;
using Recommender.Storage.Papers;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Server.Tests.Persistence;

internal static class TestDatabases
{
    public const string PostgresVariable = "RECOMMENDER_TEST_POSTGRES";

    /// <summary>The PostgreSQL tier must run, never silently skip: a missing server is a failure.</summary>
    public static string Postgres =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the suite with deploy/test.sh, or first " +
                "eval \"$(deploy/test-services.sh start)\" to get a private PostgreSQL.");

    /// <summary>A new, empty database on the test server; its connection string.</summary>
    public static async Task<string> NewPostgresDatabaseAsync()
    {
        var name = "recommender_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new Npgsql.NpgsqlConnection(Postgres))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;
    }

    public static Action<ISiloBuilder, int, int> PostgresSilo(string connectionString) => (silo, siloPort, gatewayPort) =>
    {
        silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
        silo.AddRecommenderPostgres(connectionString);
    };

    public static Action<ISiloBuilder, int, int> EmbeddedSilo(string sqliteFile) => (silo, siloPort, gatewayPort) =>
        silo.AddRecommenderEmbedded(sqliteFile, siloPort, gatewayPort);

    public static string NewSqliteFile() =>
        Path.Combine(Path.GetTempPath(), "recommender-tests", Guid.NewGuid().ToString("N"), "grains.db");

    public static void DeleteSqliteFile(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
