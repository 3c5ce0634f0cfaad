using Npgsql;
using Recommender.Storage.Papers;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Server.Tests.Persistence;

public sealed class PostgresPersistenceTests
{
    private static async Task<Action<ISiloBuilder, int, int>> InstalledAsync()
    {
        var connectionString = TestDatabases.Postgres;
        await SchemaInstaller.InstallPostgresAsync(connectionString, CancellationToken.None);
        return TestDatabases.PostgresSilo(connectionString);
    }

    [Fact]
    public async Task Grain_state_written_to_postgres_is_read_back_after_the_silo_restarts() =>
        await PersistenceScenarios.StateSurvivesRestart(await InstalledAsync());

    [Fact]
    public async Task Cleared_grain_state_in_postgres_stays_empty_after_a_restart_and_can_be_written_again() =>
        await PersistenceScenarios.ClearedStateStaysEmptyAndCanBeWrittenAgain(await InstalledAsync());

    [Fact]
    public async Task Two_grain_classes_with_the_same_key_do_not_share_a_postgres_row_when_their_state_names_differ() =>
        await PersistenceScenarios.DistinctStateNamesKeepGrainClassesApart(await InstalledAsync());

    [Fact]
    public async Task A_reminder_stored_in_postgres_survives_a_silo_restart_and_can_be_removed() =>
        await PersistenceScenarios.ReminderSurvivesRestartAndCanBeRemoved(await InstalledAsync());

    [Fact]
    public async Task Concurrent_writes_from_many_grains_all_land_in_postgres() =>
        await PersistenceScenarios.ConcurrentWritesAllLand(await InstalledAsync());

    [Fact]
    public async Task Two_silos_find_each_other_through_postgres_membership_and_share_grain_state()
    {
        var persistence = await InstalledAsync();
        var serviceId = TestSilo.NewServiceId();
        await using var first = await TestSilo.StartAsync(serviceId, persistence);
        await using var second = await TestSilo.StartAsync(serviceId, persistence);

        var hosts = await first.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);

        // One activation serves both silos, so writes through either are seen by both.
        await first.Grains.GetGrain<ITallyGrain>("tally:shared").Add(2);
        Assert.Equal(5, await second.Grains.GetGrain<ITallyGrain>("tally:shared").Add(3));
    }

    [Fact]
    public async Task Installing_the_postgres_schema_twice_and_concurrently_is_harmless()
    {
        var connectionString = TestDatabases.Postgres;
        await SchemaInstaller.InstallPostgresAsync(connectionString, CancellationToken.None);
        await Task.WhenAll(
            SchemaInstaller.InstallPostgresAsync(connectionString, CancellationToken.None),
            SchemaInstaller.InstallPostgresAsync(connectionString, CancellationToken.None));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // 9 clustering + 4 storage + 7 reminder statements, each exactly once (other providers may add more keys).
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM OrleansQuery WHERE QueryKey LIKE '%Membership%' OR QueryKey LIKE '%Reminder%' " +
            "OR QueryKey LIKE '%Storage%' OR QueryKey IN ('GatewaysQueryKey', 'UpdateIAmAlivetimeKey', " +
            "'CleanupDefunctSiloEntriesKey', 'ReadRangeRows1Key', 'ReadRangeRows2Key')", connection);
        Assert.Equal(20L, await command.ExecuteScalarAsync());
    }
}
