using Microsoft.Data.Sqlite;

namespace Recommender.Storage.Schema;

/// <summary>Builds the SQLite connection string shared by the installer and the Orleans providers.</summary>
public static class SqliteConnections
{
    /// <summary>
    /// Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout ("Default Timeout") runs out,
    /// so concurrent grain writes wait for the single writer instead of failing with "database is locked".
    /// WAL mode (set by the schema script, stored in the file) keeps readers from blocking the writer.
    /// </summary>
    public static string ForFile(string sqliteFilePath, int busyTimeoutSeconds = 30) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(sqliteFilePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            DefaultTimeout = busyTimeoutSeconds,
        }.ToString();
}
