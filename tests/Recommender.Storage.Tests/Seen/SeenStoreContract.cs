// What every seen store must do, run against each implementation (in-memory, SQLite, PostgreSQL).
using Recommender.Storage.Schema;
using Recommender.Storage.Seen;

namespace Recommender.Storage.Tests.Seen;

public abstract class SeenStoreContract
{
    protected static readonly SeenLimits Limits = new(SeenPerUser: 3, SeenAge: TimeSpan.FromDays(10), EventAge: TimeSpan.FromDays(2), MaxEvents: 6);

    protected ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A new, empty store with <see cref="Limits"/> and <see cref="Clock"/>.</summary>
    protected abstract Task<ISeenStore> CreateStoreAsync(string serviceId = "tests");

    private ImpressionBatch Batch(string user, string id, params string[] papers) =>
        new(user, id, Clock.GetUtcNow(), papers, papers.Select(p => $"{{\"type\":\"impression\",\"user_id\":\"{user}\",\"paper_id\":\"{p}\"}}").ToArray());

    private static async Task<List<StoredEvent>> AllEvents(ISeenStore store) => [.. await store.ReadEventsAsync(0, 1000)];

    [Fact]
    public async Task Recorded_impressions_make_their_papers_seen_by_that_user_only_and_log_each_once()
    {
        var store = await CreateStoreAsync();

        Assert.True(await store.RecordImpressionsAsync(Batch("ada", "b1", "p1", "p2")));

        Assert.Equal(new HashSet<string> { "p1", "p2" }, await store.SeenAmongAsync("ada", ["p1", "p2", "p3"]));
        Assert.Empty(await store.SeenAmongAsync("bob", ["p1", "p2"]));
        var events = await AllEvents(store);
        Assert.Equal(["p1", "p2"], events.Select(e => e.Line.Split('"')[^2]));
        Assert.True(events[1].Sequence > events[0].Sequence);
    }

    [Fact]
    public async Task A_retried_batch_changes_nothing_even_when_the_retries_race()
    {
        var store = await CreateStoreAsync();
        Assert.True(await store.RecordImpressionsAsync(Batch("ada", "b1", "p1")));

        var retries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.RecordImpressionsAsync(Batch("ada", "b1", "p1", "p9")))));
        var racers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.RecordImpressionsAsync(Batch("ada", "b2", "p2")))));

        Assert.All(retries, Assert.False);
        Assert.Single(racers, r => r);
        Assert.Equal(2, (await AllEvents(store)).Count);
        Assert.Empty(await store.SeenAmongAsync("ada", ["p9"]));
        Assert.True(await store.RecordImpressionsAsync(Batch("bob", "b1", "p1")));
    }

    [Fact]
    public async Task A_user_keeps_only_the_most_recently_seen_papers_up_to_the_cap()
    {
        var store = await CreateStoreAsync();
        for (var i = 1; i <= 5; i++)
        {
            await store.RecordImpressionsAsync(Batch("ada", "b" + i, "p" + i));
            Clock.Advance(TimeSpan.FromMinutes(1));
        }
        // Seeing p1 again makes it recent.
        await store.RecordImpressionsAsync(Batch("ada", "b6", "p1"));

        Assert.Equal(new HashSet<string> { "p1", "p4", "p5" }, await store.SeenAmongAsync("ada", ["p1", "p2", "p3", "p4", "p5"]));
    }

    [Fact]
    public async Task Events_page_in_the_order_they_were_written()
    {
        var store = await CreateStoreAsync();
        await store.AppendEventsAsync(["{\"n\":1}", "{\"n\":2}"]);
        await store.RecordImpressionsAsync(Batch("ada", "b1", "p1"));
        await store.AppendEventsAsync(["{\"n\":3}"]);

        var first = await store.ReadEventsAsync(0, 2);
        var rest = await store.ReadEventsAsync(first[^1].Sequence, 10);

        Assert.Equal(["{\"n\":1}", "{\"n\":2}"], first.Select(e => e.Line));
        Assert.Equal(2, rest.Count);
        Assert.Equal("{\"n\":3}", rest[1].Line);
        Assert.Empty(await store.ReadEventsAsync(rest[^1].Sequence, 10));
    }

    [Fact]
    public async Task Pruning_drops_what_is_past_its_retention_or_beyond_the_event_cap()
    {
        var store = await CreateStoreAsync();
        await store.RecordImpressionsAsync(Batch("ada", "old", "p1"));
        Clock.Advance(TimeSpan.FromDays(3));
        await store.AppendEventsAsync(Enumerable.Range(1, 7).Select(n => $"{{\"n\":{n}}}").ToArray());

        Assert.True(await store.PruneAsync() > 0);

        // The impression (3 days old) is past the 2-day event retention; of the 7 new lines the cap keeps the last 6.
        Assert.Equal(Enumerable.Range(2, 6).Select(n => $"{{\"n\":{n}}}"), (await AllEvents(store)).Select(e => e.Line));
        // The seen row (10-day retention) stays; the batch id has gone with its event, so the id may be used again.
        Assert.Single(await store.SeenAmongAsync("ada", ["p1"]));
        Assert.True(await store.RecordImpressionsAsync(Batch("ada", "old", "p1")));
        Clock.Advance(TimeSpan.FromDays(11));
        await store.PruneAsync();
        Assert.Empty(await store.SeenAmongAsync("ada", ["p1"]));
    }
}

/// <summary>A clock the tests move by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}

public sealed class InMemorySeenStoreTests : SeenStoreContract
{
    protected override Task<ISeenStore> CreateStoreAsync(string serviceId = "tests") => Task.FromResult<ISeenStore>(new InMemorySeenStore(Limits, Clock));
}

/// <summary>The SQL stores also keep the rows of services that share a database apart.</summary>
public abstract class SqlSeenStoreContract : SeenStoreContract
{
    [Fact]
    public async Task Two_services_sharing_a_database_each_keep_their_own_seen_sets_and_logs()
    {
        var blue = await CreateStoreAsync("blue");
        var green = await CreateStoreAsync("green");

        await blue.RecordImpressionsAsync(new ImpressionBatch("ada", "b1", Clock.GetUtcNow(), ["p1"], ["{}"]));

        Assert.Empty(await green.SeenAmongAsync("ada", ["p1"]));
        Assert.Empty(await green.ReadEventsAsync(0, 10));
        Assert.True(await green.RecordImpressionsAsync(new ImpressionBatch("ada", "b1", Clock.GetUtcNow(), ["p2"], [])));
    }
}

public sealed class SqliteSeenStoreTests : SqlSeenStoreContract, IDisposable
{
    private readonly string file = TestServices.NewSqliteFile();
    // As the server wires it: one write turn shared by every store of the file.
    private readonly WriterGate writer = new();

    protected override async Task<ISeenStore> CreateStoreAsync(string serviceId = "tests")
    {
        await SchemaInstaller.InstallSqliteAsync(file, CancellationToken.None);
        var database = Microsoft.Data.Sqlite.SqliteFactory.Instance.CreateDataSource(SqliteConnections.ForFile(file));
        return new SqlSeenStore(database, serviceId, Limits, Clock, writer);
    }

    [Fact]
    public async Task Embedded_commits_are_synced_to_disk_before_they_are_acknowledged()
    {
        await CreateStoreAsync();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(SqliteConnections.ForFile(file));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; PRAGMA synchronous;";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("wal", reader.GetString(0));
        Assert.True(await reader.NextResultAsync() && await reader.ReadAsync());
        // 2 = FULL: in WAL mode every commit fsyncs the log (NORMAL would sync only at checkpoints).
        Assert.Equal(2L, reader.GetInt64(0));
    }

    public void Dispose() => TestServices.DeleteSqliteFile(file);
}

public sealed class PostgresSeenStoreTests : SqlSeenStoreContract
{
    private string? database;

    protected override async Task<ISeenStore> CreateStoreAsync(string serviceId = "tests")
    {
        if (database is null)
        {
            database = await TestServices.NewPostgresDatabaseAsync();
            await SchemaInstaller.InstallPostgresAsync(database, CancellationToken.None);
        }
        return new SqlSeenStore(Npgsql.NpgsqlDataSource.Create(database), serviceId, Limits, Clock);
    }
}
