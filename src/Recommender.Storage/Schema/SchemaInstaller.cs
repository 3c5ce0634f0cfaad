using System.Reflection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Recommender.Storage.Schema;

/// <summary>Applies the project's own Orleans ADO.NET schema scripts (embedded from deploy/sql) before a silo starts.</summary>
public static class SchemaInstaller
{
    // Arbitrary constant shared by every installer of this project; it only has to be stable.
    private const long AdvisoryLockKey = 0x5265_636F_6D6D_656E; // "Recommen"

    private static readonly string[] PostgresScripts = ["main.sql", "clustering.sql", "persistence.sql", "reminders.sql", "papers.sql", "subscriptions.sql", "digests.sql", "seen.sql", "models.sql"];
    private static readonly string[] SqliteScripts = ["main.sql", "persistence.sql", "reminders.sql", "papers.sql", "subscriptions.sql", "digests.sql", "seen.sql", "models.sql"];

    /// <summary>Creates or updates the tables and OrleansQuery rows in PostgreSQL; safe to run at every start.</summary>
    public static async Task InstallPostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Concurrent "CREATE ... IF NOT EXISTS" can still collide in the catalog; one installer at a time.
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var script in PostgresScripts)
        {
            await using var command = new NpgsqlCommand(ReadScript("postgresql", script), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Creates the SQLite file (and its directory) and applies the embedded-profile scripts; idempotent.</summary>
    public static async Task InstallSqliteAsync(string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = new SqliteConnection(SqliteConnections.ForFile(path));
        await connection.OpenAsync(cancellationToken);

        // No surrounding transaction: "PRAGMA journal_mode" cannot change inside one, and every statement is idempotent.
        foreach (var script in SqliteScripts)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = ReadScript("sqlite", script);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    internal static string ReadScript(string dialect, string fileName)
    {
        // LogicalName in the csproj keeps the folder: "Recommender.Storage.Sql.<dialect>/<file>".
        var resourceName = $"Recommender.Storage.Sql.{dialect}/{fileName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded SQL script '{resourceName}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
