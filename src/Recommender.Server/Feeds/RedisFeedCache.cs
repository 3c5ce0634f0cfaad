// Feeds in Redis: per user a sorted set (paper id → score) and a hash of the entries'
// details, replaced together in one transaction. Any Redis failure reads as a miss.
using System.Text.Json;
using Recommender.Abstractions.Feeds;
using Recommender.Grains.Feeds;
using StackExchange.Redis;

namespace Recommender.Server.Feeds;

public sealed class RedisFeedCache(IConnectionMultiplexer redis, ILogger<RedisFeedCache> logger) : IFeedCache
{
    private static RedisKey Ranking(string userId) => $"feed:{{{userId}}}:rank";
    private static RedisKey Details(string userId) => $"feed:{{{userId}}}:items";
    // Present even for an empty feed, so "empty" and "not cached" differ.
    private static RedisKey Marker(string userId) => $"feed:{{{userId}}}:n";

    public async Task<bool> ReplaceAsync(string userId, IReadOnlyList<FeedEntry> entries, CancellationToken cancellationToken = default)
    {
        try
        {
            var db = redis.GetDatabase();
            var transaction = db.CreateTransaction();
            _ = transaction.KeyDeleteAsync([Ranking(userId), Details(userId)]);
            if (entries.Count > 0)
            {
                _ = transaction.SortedSetAddAsync(Ranking(userId), entries.Select(e => new SortedSetEntry(e.PaperId, e.Score)).ToArray());
                _ = transaction.HashSetAsync(Details(userId), entries.Select(e => new HashEntry(e.PaperId, JsonSerializer.Serialize(e))).ToArray());
            }
            _ = transaction.StringSetAsync(Marker(userId), entries.Count);
            await transaction.ExecuteAsync();
            return true;
        }
        catch (RedisException e)
        {
            // The grain keeps the feed; readers fall back to it until Redis is back.
            logger.LogWarning(e, "Could not write the feed of {UserId} to Redis", userId);
            return false;
        }
    }

    public async Task<bool> ApplyAsync(string userId, FeedChange change, CancellationToken cancellationToken = default)
    {
        try
        {
            var transaction = redis.GetDatabase().CreateTransaction();
            // A feed that is not cached stays a miss: a partial feed must never be served.
            transaction.AddCondition(Condition.KeyExists(Marker(userId)));
            if (change.Removed.Count > 0)
            {
                var removed = change.Removed.Select(id => (RedisValue)id).ToArray();
                _ = transaction.SortedSetRemoveAsync(Ranking(userId), removed);
                _ = transaction.HashDeleteAsync(Details(userId), removed);
            }
            if (change.Added.Count > 0)
            {
                _ = transaction.SortedSetAddAsync(Ranking(userId), change.Added.Select(e => new SortedSetEntry(e.PaperId, e.Score)).ToArray());
                _ = transaction.HashSetAsync(Details(userId), change.Added.Select(e => new HashEntry(e.PaperId, JsonSerializer.Serialize(e))).ToArray());
            }
            _ = transaction.StringSetAsync(Marker(userId), change.Count);
            await transaction.ExecuteAsync();
            return true;
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Could not update the feed of {UserId} in Redis", userId);
            return false;
        }
    }

    public async Task<FeedPage?> ReadAsync(string userId, int offset, int count, CancellationToken cancellationToken = default)
    {
        try
        {
            var db = redis.GetDatabase();
            var marker = db.StringGetAsync(Marker(userId));
            var ids = db.SortedSetRangeByRankAsync(Ranking(userId), offset, offset + count - 1, Order.Descending);
            var total = db.SortedSetLengthAsync(Ranking(userId));
            if ((await marker).IsNull)
            {
                return null;
            }
            var members = await ids;
            var details = members.Length == 0 ? [] : await db.HashGetAsync(Details(userId), members);
            if (details.Any(d => d.IsNull))
            {
                return null;
            }
            var entries = details.Select(d => JsonSerializer.Deserialize<FeedEntry>(d.ToString())!).ToArray();
            return new FeedPage { Entries = entries, Total = (int)await total, RankerVersion = entries.FirstOrDefault()?.RankerVersion ?? "" };
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Could not read the feed of {UserId} from Redis; serving it from the user grain", userId);
            return null;
        }
    }
}
