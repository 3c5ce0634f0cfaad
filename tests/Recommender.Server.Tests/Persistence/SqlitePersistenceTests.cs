using Microsoft.Data.Sqlite;
using Recommender.Storage.Papers;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Server.Tests.Persistence;

public sealed class SqlitePersistenceTests : IDisposable
{
    private readonly string file = TestDatabases.NewSqliteFile();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDatabases.DeleteSqliteFile(file);
    }

    private async Task<Action<ISiloBuilder, int, int>> InstalledAsync()
    {
        await SchemaInstaller.InstallSqliteAsync(file, CancellationToken.None);
        return TestDatabases.EmbeddedSilo(file);
    }

    [Fact]
    public async Task Grain_state_written_to_sqlite_is_read_back_after_the_silo_restarts() =>
        await PersistenceScenarios.StateSurvivesRestart(await InstalledAsync());

    [Fact]
    public async Task Cleared_grain_state_in_sqlite_stays_empty_after_a_restart_and_can_be_written_again() =>
        await PersistenceScenarios.ClearedStateStaysEmptyAndCanBeWrittenAgain(await InstalledAsync());

    [Fact]
    public async Task Two_grain_classes_with_the_same_key_do_not_share_a_sqlite_row_when_their_state_names_differ() =>
        await PersistenceScenarios.DistinctStateNamesKeepGrainClassesApart(await InstalledAsync());

    [Fact]
    public async Task A_reminder_stored_in_sqlite_survives_a_silo_restart_and_can_be_removed() =>
        await PersistenceScenarios.ReminderSurvivesRestartAndCanBeRemoved(await InstalledAsync());

    [Fact]
    public async Task Concurrent_writes_from_many_grains_to_sqlite_do_not_fail_with_database_is_locked() =>
        await PersistenceScenarios.ConcurrentWritesAllLand(await InstalledAsync());

    [Fact]
    public async Task Installing_the_sqlite_schema_twice_is_harmless_and_creates_the_directory()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(file)));
        await SchemaInstaller.InstallSqliteAsync(file, CancellationToken.None);
        await SchemaInstaller.InstallSqliteAsync(file, CancellationToken.None);

        await using var connection = new SqliteConnection(SqliteConnections.ForFile(file));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM OrleansQuery; ";
        Assert.Equal(11L, await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }
}
