// Feeds in Redis: per user a sorted set (paper position → score) and a hash of each entry's
// 16-byte details, plus a marker field that tells an empty feed from one that is not stored.
// Every change is one Lua script, so a feed is never seen half-written. Any failure or timeout
// reads as a miss; a feed whose write failed is unreadable here and dropped once Redis answers.
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Recommender.Storage.Feeds;

public sealed class RedisFeedStore : IFeedStore, IDisposable
{
    /// <summary>By default, a read that takes longer is answered from the source of truth instead.</summary>
    public static readonly TimeSpan DefaultReadDeadline = TimeSpan.FromMilliseconds(250);

    private readonly TimeSpan readDeadline;

    /// <summary>
    /// Writes sent and not yet answered, at most. Redis runs one script at a time (~25 µs each):
    /// an unbounded burst of fan-out writes would queue past the client's timeout (every write in
    /// it then failing, and its feed dropped) and delay every read queued behind it.
    /// </summary>
    public const int MaxWritesInFlight = 512;

    private readonly SemaphoreSlim replaceSlots = new(MaxWritesInFlight, MaxWritesInFlight);
    private readonly WriteCoalescer additions;

    /// <summary>
    /// Scores are stored as whole multiples of 2^-20 (about 1e-6). Redis keeps a small sorted set as
    /// a packed list and compares scores on every insert: integers compare without parsing a
    /// decimal string each time (several times faster) and take half the bytes.
    /// </summary>
    private const double ScoreScale = 1 << 20;

    private readonly IConnectionMultiplexer redis;
    private readonly string prefix;
    private readonly int capacity;
    private readonly long ttlSeconds;
    private readonly ILogger<RedisFeedStore> logger;
    private readonly ConcurrentDictionary<string, byte> behind = new(StringComparer.Ordinal);
    private readonly Timer repair;
    private int repairing;
    private long lastWarning;

    /// <param name="capacity">Papers kept per feed (K).</param>
    /// <param name="timeToLive">A feed nobody writes to expires after this long.</param>
    /// <param name="readDeadline">How long a read may take before it counts as a miss (default <see cref="DefaultReadDeadline"/>).</param>
    public RedisFeedStore(IConnectionMultiplexer redis, string serviceId, int capacity, TimeSpan timeToLive, ILogger<RedisFeedStore> logger,
        TimeSpan? readDeadline = null)
    {
        this.readDeadline = readDeadline ?? DefaultReadDeadline;
        this.redis = redis;
        prefix = serviceId + ":feed:";
        this.capacity = capacity;
        ttlSeconds = (long)timeToLive.TotalSeconds;
        this.logger = logger;
        repair = new Timer(_ => _ = DropBehindFeeds(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        additions = new WriteCoalescer(
            (userId, items) => Threshold(redis.GetDatabase().ScriptEvaluateAsync(FeedScripts.Add, Keys(userId), Arguments(items)), userId),
            MaxWritesInFlight);
    }

    private RedisKey[] Keys(string userId) => [$"{prefix}{{{userId}}}:rank", $"{prefix}{{{userId}}}:info"];

    /// <summary>Writes for one user that wait together become one script call (<see cref="WriteCoalescer"/>).</summary>
    public Task<float?[]> AddAsync(IReadOnlyList<FeedWrite> writes, CancellationToken cancellationToken = default) =>
        Task.WhenAll(writes.Select(w => additions.Add(w.UserId, w.Items)));

    public async Task<float?> ReplaceAsync(string userId, IReadOnlyList<FeedItem> items, CancellationToken cancellationToken = default)
    {
        await replaceSlots.WaitAsync(cancellationToken);
        try
        {
            return await Threshold(redis.GetDatabase().ScriptEvaluateAsync(FeedScripts.Replace, Keys(userId), Arguments(items)), userId, replacing: true);
        }
        finally
        {
            replaceSlots.Release();
        }
    }

    public async Task RemoveAsync(string userId, long position, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(FeedScripts.Remove, Keys(userId), [position]);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            Failed(userId, e);
        }
    }

    public async Task<StoredFeedPage?> ReadAsync(string userId, int offset, int count, CancellationToken cancellationToken = default)
    {
        if (behind.ContainsKey(userId))
        {
            return null;
        }
        try
        {
            var reply = await redis.GetDatabase().ScriptEvaluateAsync(FeedScripts.Read, Keys(userId), [offset, count])
                .WaitAsync(readDeadline, cancellationToken);
            if (reply.IsNull)
            {
                return null;
            }
            var parts = (RedisResult[])reply!;
            var items = new FeedItem[(parts.Length - 1) / 3];
            for (var i = 0; i < items.Length; i++)
            {
                var details = (byte[])parts[3 + 3 * i]!;
                var known = details.Length >= FeedDetails.Size ? FeedDetails.ReadFrom(details) : default;
                items[i] = new FeedItem((long)parts[1 + 3 * i], (float)((double)parts[2 + 3 * i] / ScoreScale), known);
            }
            return new StoredFeedPage(items, (int)parts[0]);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            Warn(e, "Could not read a feed from Redis; serving it from the source of truth");
            return null;
        }
    }

    /// <summary>The threshold a write answered; null (and the feed marked behind) when it failed.</summary>
    private async Task<float?> Threshold(Task<RedisResult> call, string userId, bool replacing = false)
    {
        try
        {
            var reply = await call;
            return reply.IsNull ? null
                : reply.ToString() == "-inf" ? float.NegativeInfinity
                : (float)(double.Parse(reply.ToString(), System.Globalization.CultureInfo.InvariantCulture) / ScoreScale);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            Failed(userId, e);
            return null;
        }
        finally
        {
            if (replacing)
            {
                // A whole feed was written (or dropped): an earlier failure no longer matters.
                behind.TryRemove(userId, out _);
            }
        }
    }

    private RedisValue[] Arguments(IReadOnlyList<FeedItem> items)
    {
        var kept = BestDistinct(items, capacity);
        var args = new RedisValue[2 + 3 * kept.Count];
        args[0] = capacity;
        args[1] = ttlSeconds;
        for (var i = 0; i < kept.Count; i++)
        {
            var details = new byte[FeedDetails.Size];
            kept[i].Details.WriteTo(details);
            args[2 + 3 * i] = kept[i].Position;
            args[3 + 3 * i] = (long)Math.Round(kept[i].Score * ScoreScale);
            args[4 + 3 * i] = details;
        }
        return args;
    }

    /// <summary>
    /// At most <paramref name="count"/> items, one per paper (its best score), best first: no more
    /// can enter a feed of that size, and merged writes of a busy moment can carry many.
    /// </summary>
    internal static IReadOnlyList<FeedItem> BestDistinct(IReadOnlyList<FeedItem> items, int count)
    {
        if (items.Count <= 1)
        {
            return items;
        }
        var best = new Dictionary<long, FeedItem>(items.Count);
        foreach (var item in items)
        {
            if (!best.TryGetValue(item.Position, out var known) || item.Score > known.Score)
            {
                best[item.Position] = item;
            }
        }
        return best.Values.OrderByDescending(i => i.Score).Take(count).ToArray();
    }

    /// <summary>
    /// What a Redis call throws when Redis is away, slow or still connecting: StackExchange.Redis
    /// fails some calls with a cancellation (seen while the connection was being made under load),
    /// and a timeout is not a <see cref="RedisException"/>. Each reads as a miss, never as an error.
    /// </summary>
    private static bool IsRedisFailure(Exception e) => e is RedisException or TimeoutException or OperationCanceledException;

    /// <summary>The write may or may not have happened: the feed must not be read until it is dropped.</summary>
    private void Failed(string userId, Exception e)
    {
        behind[userId] = 0;
        Warn(e, "Could not write a feed to Redis; it will be dropped and rebuilt on its next read");
    }

    private async Task DropBehindFeeds()
    {
        if (behind.IsEmpty || Interlocked.Exchange(ref repairing, 1) == 1)
        {
            return;
        }
        try
        {
            var db = redis.GetDatabase();
            foreach (var userId in behind.Keys.Take(10_000))
            {
                await db.KeyDeleteAsync(Keys(userId));
                behind.TryRemove(userId, out _);
            }
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            // Still unreachable: try again on the next tick.
        }
        finally
        {
            Volatile.Write(ref repairing, 0);
        }
    }

    /// <summary>One warning per 10 s at most: an outage must not flood the log with a line per feed.</summary>
    private void Warn(Exception e, string message)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref lastWarning);
        if (now - last >= 10_000 && Interlocked.CompareExchange(ref lastWarning, now, last) == last)
        {
            logger.LogWarning("{Message}: {Error}", message, e.Message);
        }
    }

    public void Dispose() => repair.Dispose();
}
