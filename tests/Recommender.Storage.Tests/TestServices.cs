// Where the storage tests find the suite's PostgreSQL and Redis (deploy/test.sh starts them) and their SQLite files.
namespace Recommender.Storage.Tests;

internal static class TestServices
{
    /// <summary>The value of a variable deploy/test-services.sh exports; a missing server is a failure, never a skip.</summary>
    public static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set. Run the suite with deploy/test.sh.");

    public static string Redis => Required("RECOMMENDER_TEST_REDIS");

    /// <summary>A new, empty database on the test PostgreSQL server; its connection string.</summary>
    public static async Task<string> NewPostgresDatabaseAsync()
    {
        var server = Required("RECOMMENDER_TEST_POSTGRES");
        var name = "recommender_storage_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>A SQLite file path in a directory of its own, deleted by <see cref="DeleteSqliteFile"/>.</summary>
    public static string NewSqliteFile() => Path.Combine(Path.GetTempPath(), "recommender-storage-tests", Guid.NewGuid().ToString("N"), "store.db");

    public static void DeleteSqliteFile(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
