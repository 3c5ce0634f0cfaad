// The Redis feed store when its connection is cut under a stream of fan-out writes: what was
// written stays, what was not is written once Redis answers again, and no feed is dropped.
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Storage.Feeds;
using StackExchange.Redis;
using static Recommender.Storage.Tests.Feeds.RedisFeedStoreTests;

namespace Recommender.Storage.Tests.Feeds;

public sealed class RedisFeedStoreConnectionLossTests : IAsyncLifetime
{
    private readonly string service = "cut-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string clientName = "cut-test-" + Guid.NewGuid().ToString("N")[..8];
    private ConnectionMultiplexer admin = null!;
    private ConnectionMultiplexer cut = null!;
    private RedisFeedStore store = null!;

    public async Task InitializeAsync()
    {
        var adminOptions = ConfigurationOptions.Parse(TestServices.Redis);
        adminOptions.AllowAdmin = true;
        admin = await ConnectionMultiplexer.ConnectAsync(adminOptions);
        // As the server connects: fail at once while Redis is away, never queue.
        var options = ConfigurationOptions.Parse(TestServices.Redis);
        options.ClientName = clientName;
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        cut = await ConnectionMultiplexer.ConnectAsync(options);
        store = new RedisFeedStore(cut, service, capacity: 100, TimeSpan.FromHours(1), NullLogger<RedisFeedStore>.Instance, readDeadline: TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        store.Dispose();
        await cut.DisposeAsync();
        await admin.DisposeAsync();
    }

    [Fact]
    public async Task Writes_cut_off_by_lost_connections_are_sent_again_once_redis_answers_and_no_feed_is_dropped()
    {
        var users = Enumerable.Range(0, 4 * RedisFeedStore.MaxUsersPerAdd).Select(u => $"cut-{u}").ToArray();
        foreach (var user in users)
        {
            await store.ReplaceAsync(user, []);
        }

        // One paper a round for every user, round after round, while the store's connections are killed three times.
        var killing = KillConnectionsAsync(times: 3, every: TimeSpan.FromSeconds(1));
        var answers = new List<float?[]>();
        for (var paper = 0; paper < 20 || !killing.IsCompleted; paper++)
        {
            answers.Add(await store.AddAsync(users.Select(user => new FeedWrite(user, [Item(paper, paper / 10_000f)])).ToArray()));
        }
        var killed = await killing;

        Assert.True(killed >= 3, $"only {killed} connections were killed");
        Assert.All(answers, round => Assert.All(round, threshold => Assert.NotNull(threshold)));
        var expected = Enumerable.Range(0, answers.Count).Reverse().Take(100).Select(p => (long)p).ToArray();
        foreach (var user in users)
        {
            Assert.Equal(expected, (await Stored(store, user, 100)).Items.Select(i => i.Position));
        }
    }

    /// <summary>Kills every connection of the store's client, <paramref name="times"/> times; answers how many it killed.</summary>
    private async Task<long> KillConnectionsAsync(int times, TimeSpan every)
    {
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        long killed = 0;
        for (var i = 0; i < times; i++)
        {
            await Task.Delay(every);
            foreach (var client in (await server.ClientListAsync()).Where(c => c.Name == clientName))
            {
                killed += await server.ClientKillAsync(id: client.Id);
            }
        }
        return killed;
    }
}
