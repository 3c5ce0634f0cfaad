// The Redis feed cache against the test suite's Redis: replace, incremental change, misses.
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;
using Recommender.Grains.Feeds;
using Recommender.Server.Feeds;
using StackExchange.Redis;

namespace Recommender.Server.Tests.Feeds;

public sealed class RedisFeedCacheTests : IAsyncLifetime
{
    private const string RedisVariable = "RECOMMENDER_TEST_REDIS";
    private readonly string user = "cache-test-" + Guid.NewGuid().ToString("N")[..8];
    private ConnectionMultiplexer redis = null!;
    private RedisFeedCache cache = null!;

    public async Task InitializeAsync()
    {
        var configuration = Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{RedisVariable} is not set. Run the suite with deploy/test.sh.");
        redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        cache = new RedisFeedCache(redis, NullLogger<RedisFeedCache>.Instance);
    }

    public async Task DisposeAsync() => await redis.DisposeAsync();

    private static FeedEntry Entry(string id, float score) =>
        new() { Paper = new PaperSummary { Id = id, Title = "Title " + id }, Score = score, Reasons = ["topic:t (sim)"] };

    [Fact]
    public async Task A_change_applied_to_a_cached_feed_reads_back_like_the_feed_it_describes()
    {
        var feed = new RankedFeed(3);
        feed.Offer([Entry("a", 0.1f), Entry("b", 0.2f), Entry("c", 0.3f)]);
        Assert.True(await cache.ReplaceAsync(user, feed.Entries.ToArray()));

        var change = feed.Offer([Entry("d", 0.25f), Entry("e", 0.5f)]);
        Assert.True(await cache.ApplyAsync(user, change));

        var page = await cache.ReadAsync(user, 0, 10);
        Assert.Equal(feed.Entries.Select(e => e.PaperId), page!.Entries.Select(e => e.PaperId));
        Assert.Equal(3, page.Total);
        Assert.Equal("Title e", page.Entries[0].Paper.Title);
    }

    [Fact]
    public async Task A_change_to_a_feed_that_is_not_cached_leaves_it_a_miss()
    {
        var feed = new RankedFeed(3);

        await cache.ApplyAsync(user, feed.Offer([Entry("a", 0.1f)]));

        Assert.Null(await cache.ReadAsync(user, 0, 10));
    }
}
