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

    /// <summary>Fan-out writes per script call, at most: 16 calls of 32 users keep as much work queued in Redis as 512 single writes.</summary>
    public const int MaxUsersPerAdd = 32;

    private const int MaxAddsInFlight = MaxWritesInFlight / MaxUsersPerAdd;

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

    /// <summary>
    /// For this long after Redis was last unreachable here, reads are misses (served from the source of truth, which
    /// puts a fresh feed back). A Redis that comes back may hold a feed whose change failed on another silo (a hidden
    /// paper still in it); that silo drops such feeds within a second of reaching Redis again, well within this time.
    /// </summary>
    public static readonly TimeSpan OutageQuarantine = TimeSpan.FromSeconds(10);

    private long troubleAt = long.MinValue / 2;

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
        // An idle silo learns of an outage from its connection too, not only from failed calls.
        redis.ConnectionFailed += (_, _) => Trouble(null);
        redis.ConnectionRestored += (_, _) => Trouble(null);
        additions = new WriteCoalescer(AddBatch, MaxAddsInFlight, UsersPerAdd);
    }

    /// <summary>
    /// A script may only touch keys of one hash slot on a Redis Cluster, and each user's keys have a slot
    /// of their own there: one user per call then. A single Redis takes a whole batch.
    /// </summary>
    private int UsersPerAdd()
    {
        var known = Volatile.Read(ref usersPerAdd);
        if (known > 0)
        {
            return known;
        }
        // Asked once a server has answered (a server not yet connected reports no type): not on every batch.
        var servers = redis.GetServers();
        var size = servers.Any(s => s.ServerType == ServerType.Cluster) ? 1 : MaxUsersPerAdd;
        if (servers.Any(s => s.IsConnected))
        {
            Volatile.Write(ref usersPerAdd, size);
        }
        return size;
    }

    /// <summary>Users per script call once known; 0 until a server has answered.</summary>
    private int usersPerAdd;

    private RedisKey[] Keys(string userId) => [$"{prefix}{{{userId}}}:rank", $"{prefix}{{{userId}}}:info"];

    /// <summary>Writes for one user that wait together become one write, and the users waiting together one script call (<see cref="WriteCoalescer"/>).</summary>
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
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            Failed(userId, e);
        }
    }

    public async Task<StoredFeedPage?> ReadAsync(string userId, int offset, int count, CancellationToken cancellationToken = default)
    {
        if (behind.ContainsKey(userId) || RecoveringFromOutage)
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
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            // A read past its own short deadline is a slow Redis, not a lost one.
            if (e is not TimeoutException || e is RedisTimeoutException)
            {
                Trouble(e);
            }
            Warn(e, "Could not read a feed from Redis; serving it from the source of truth");
            return null;
        }
    }

    /// <summary>One script call for a batch of users; a user whose write Redis refused is marked behind, the others stand.</summary>
    private async Task<float?[]> AddBatch(IReadOnlyList<QueuedWrite> batch)
    {
        var keys = new RedisKey[2 * batch.Count];
        var items = new IReadOnlyList<FeedItem>[batch.Count];
        var argumentCount = 2;
        for (var u = 0; u < batch.Count; u++)
        {
            var pair = Keys(batch[u].UserId);
            keys[2 * u] = pair[0];
            keys[2 * u + 1] = pair[1];
            items[u] = BestDistinct(batch[u].Items, capacity);
            argumentCount += 1 + 3 * items[u].Count;
        }
        var args = new RedisValue[argumentCount];
        args[0] = capacity;
        args[1] = ttlSeconds;
        var next = 2;
        foreach (var userItems in items)
        {
            args[next++] = userItems.Count;
            next = WriteItems(userItems, args, next);
        }
        var answers = new float?[batch.Count];
        try
        {
            var replies = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(FeedScripts.Add, keys, args))!;
            for (var u = 0; u < batch.Count; u++)
            {
                if (!replies[u].IsNull && replies[u].ToString() == FailedReply)
                {
                    Failed(batch[u].UserId, new RedisServerException($"Redis refused the feed write of user {batch[u].UserId}"));
                    continue;
                }
                answers[u] = ParseThreshold(replies[u]);
            }
        }
        catch (Exception e) when (IsFailure(e, CancellationToken.None))
        {
            foreach (var write in batch)
            {
                Failed(write.UserId, e);
            }
        }
        return answers;
    }

    /// <summary>What the add script answers for a user whose write Redis refused.</summary>
    private const string FailedReply = "failed";

    private static float? ParseThreshold(RedisResult reply) =>
        reply.IsNull ? null
        : reply.ToString() == "-inf" ? float.NegativeInfinity
        : (float)(double.Parse(reply.ToString(), System.Globalization.CultureInfo.InvariantCulture) / ScoreScale);

    /// <summary>The threshold a write answered; null (and the feed marked behind) when it failed.</summary>
    private async Task<float?> Threshold(Task<RedisResult> call, string userId, bool replacing = false)
    {
        try
        {
            return ParseThreshold(await call);
        }
        catch (Exception e) when (IsFailure(e, CancellationToken.None))
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
        WriteItems(kept, args, 2);
        return args;
    }

    /// <summary>Writes each item's triple (position, score, details) from <paramref name="at"/>; answers the index after them.</summary>
    private static int WriteItems(IReadOnlyList<FeedItem> items, RedisValue[] args, int at)
    {
        foreach (var item in items)
        {
            var details = new byte[FeedDetails.Size];
            item.Details.WriteTo(details);
            args[at++] = item.Position;
            args[at++] = (long)Math.Round(item.Score * ScoreScale);
            args[at++] = details;
        }
        return at;
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


    /// <summary>The write may or may not have happened: the feed must not be read until it is dropped.</summary>
    private void Failed(string userId, Exception e)
    {
        behind[userId] = 0;
        Trouble(e);
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
        catch (Exception e) when (IsFailure(e, CancellationToken.None))
        {
            // Still unreachable: try again on the next tick.
        }
        finally
        {
            Volatile.Write(ref repairing, 0);
        }
    }

    private bool RecoveringFromOutage => Environment.TickCount64 - Volatile.Read(ref troubleAt) < (long)OutageQuarantine.TotalMilliseconds;

    /// <summary>Notes that Redis was unreachable now; an error reply (Redis answered) is not an outage.</summary>
    private void Trouble(Exception? e)
    {
        if (e is not RedisServerException)
        {
            Volatile.Write(ref troubleAt, Environment.TickCount64);
        }
    }

    /// <summary>
    /// What a Redis call throws when Redis is away, slow, still connecting or its connection was just reset: besides
    /// its own exceptions and timeouts (not a <see cref="RedisException"/>), StackExchange.Redis fails calls with a
    /// cancellation (seen while connecting under load, and on a reset) or with "reading is not allowed after reader
    /// was completed" (a reset, seen in the fault suite). Each reads as a miss, never as an error; the caller's own
    /// cancellation stays one.
    /// </summary>
    private static bool IsFailure(Exception e, CancellationToken cancellationToken) =>
        e is RedisException or TimeoutException or InvalidOperationException or ObjectDisposedException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

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
