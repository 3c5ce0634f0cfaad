// Feeds in Redis: per user one value holding the whole feed (PackedFeed); an empty feed is a value
// with no entries, a feed that is not stored has no key. A write replaces the value whole (a merge
// is read, merged here and set back only if nobody wrote it since), so a feed is never seen
// half-written. Any failure or timeout reads as a miss; a feed whose write failed is unreadable
// here and dropped once Redis answers, unless the write was only cut off by a lost connection and
// Redis came back soon enough to tell whether it took place.
using System.Buffers;
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
    /// Writes sent and not yet answered, at most: an unbounded burst of fan-out writes would queue
    /// past the client's timeout (every write in it then failing, and its feed dropped) and delay
    /// every read queued behind it.
    /// </summary>
    public const int MaxWritesInFlight = 512;

    /// <summary>Users per merge batch (one MGET, one compare-and-set call), at most: 16 batches of 32 users keep 512 writes under way.</summary>
    public const int MaxUsersPerAdd = 32;

    private const int MaxAddsInFlight = MaxWritesInFlight / MaxUsersPerAdd;

    private readonly SemaphoreSlim replaceSlots = new(MaxWritesInFlight, MaxWritesInFlight);

    /// <summary>Feeds of more entries than about this are merged into fresh arrays (the pool keeps no longer buffers).</summary>
    private const int MaxPooledEntries = 1_000;

    /// <summary>
    /// Buffers for merged values, reused once their write is answered: one per write under way (at most
    /// <see cref="MaxWritesInFlight"/>), more than the shared pool keeps. Fresh arrays for every write cost the
    /// silo more in page faults (the kernel zeroing new pages) than the merges themselves.
    /// </summary>
    private readonly ArrayPool<byte> valueBuffers = ArrayPool<byte>.Create(PackedFeed.BytesUpTo(MaxPooledEntries), MaxWritesInFlight * 2);
    private readonly Func<int, byte[]> rentValueBuffer;
    private readonly WriteCoalescer additions;

    private readonly IConnectionMultiplexer redis;
    private readonly string prefix;
    private readonly int capacity;
    private readonly long ttlSeconds;
    private readonly ILogger<RedisFeedStore> logger;
    private readonly ConcurrentDictionary<string, byte> behind = new(StringComparer.Ordinal);
    private readonly Timer repair;
    private readonly Action<long> dropped;
    private int repairing;
    private long lastWarning;

    /// <summary>This process among the writers: two silos staging a value for the same feed never share a key.</summary>
    private readonly string writerId = Guid.NewGuid().ToString("N")[..12];
    private long stagedKeys;

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
    /// <param name="dropped">Told how many feeds each repair dropped (the server counts them in its metrics).</param>
    public RedisFeedStore(IConnectionMultiplexer redis, string serviceId, int capacity, TimeSpan timeToLive, ILogger<RedisFeedStore> logger,
        TimeSpan? readDeadline = null, Action<long>? dropped = null)
    {
        this.dropped = dropped ?? (_ => { });
        this.readDeadline = readDeadline ?? DefaultReadDeadline;
        this.redis = redis;
        prefix = serviceId + ":feed:";
        this.capacity = capacity;
        ttlSeconds = (long)timeToLive.TotalSeconds;
        this.logger = logger;
        repair = new Timer(_ => _ = DropBehindFeeds(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        // An idle silo learns of an outage from its connection too, not only from failed calls.
        redis.ConnectionFailed += (_, _) =>
        {
            Trouble(null);
            Interlocked.CompareExchange(ref lostSince, Environment.TickCount64, Connected);
        };
        redis.ConnectionRestored += (_, _) =>
        {
            Trouble(null);
            Volatile.Write(ref lostSince, Connected);
        };
        additions = new WriteCoalescer(batch => AddBatch(batch, patient: true), MaxAddsInFlight, UsersPerAdd);
        rentValueBuffer = valueBuffers.Rent;
    }

    /// <summary>
    /// An MGET or a script may only touch keys of one hash slot on a Redis Cluster, and each user's key has a slot
    /// of its own there: one user per batch then. A single Redis takes a whole batch.
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

    /// <summary>Users per batch once known; 0 until a server has answered.</summary>
    private int usersPerAdd;

    /// <summary>A user's feed (<see cref="PackedFeed"/>); the braces keep a user's key in one hash slot of a Redis Cluster.</summary>
    private RedisKey Key(string userId) => $"{prefix}{{{userId}}}:packed";

    /// <summary>
    /// Writes for one user that wait together become one write, and the users waiting together one batch (<see cref="WriteCoalescer"/>).
    /// A user's own call (<paramref name="interactive"/>: a rebuild's late candidates, one user) goes as a batch of its own, which
    /// never waits for a lost connection: it would hold the user's grain, and every read queued behind it.
    /// </summary>
    public async Task<float?[]> AddAsync(IReadOnlyList<FeedWrite> writes, bool interactive = false, CancellationToken cancellationToken = default)
    {
        if (interactive)
        {
            var answers = new List<float?>(writes.Count);
            foreach (var chunk in writes.Select(w => new QueuedWrite(w.UserId, w.Items)).Chunk(Math.Max(1, UsersPerAdd())))
            {
                answers.AddRange(await AddBatch(chunk, patient: false));
            }
            return [.. answers];
        }
        var written = new Task<float?>[writes.Count];
        for (var i = 0; i < written.Length; i++)
        {
            written[i] = additions.Add(writes[i].UserId, writes[i].Items);
        }
        return await Task.WhenAll(written);
    }

    public async Task<float?> ReplaceAsync(string userId, IReadOnlyList<FeedItem> items, CancellationToken cancellationToken = default)
    {
        var (value, threshold) = PackedFeed.Merge([], BestDistinct(items, capacity), capacity)!.Value;
        await replaceSlots.WaitAsync(cancellationToken);
        try
        {
            await redis.GetDatabase().StringSetAsync(Key(userId), value, TimeToLive);
            // A whole feed is in place: an earlier failure no longer matters.
            behind.TryRemove(userId, out _);
            return threshold;
        }
        catch (Exception e) when (IsFailure(e, CancellationToken.None))
        {
            Failed(userId, e);
            return null;
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
            var db = redis.GetDatabase();
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var stored = (byte[]?)await db.StringGetAsync(Key(userId));
                if (stored is null)
                {
                    return;
                }
                if (!PackedFeed.IsWhole(stored))
                {
                    throw new RedisServerException($"The stored feed of user {userId} is not a feed");
                }
                if (PackedFeed.Without(stored, position) is not { } changed)
                {
                    return;
                }
                var reply = await CompareAndSet(db, [(userId, PackedFeed.TokenOf(stored), changed)]);
                if (reply[0] == Written)
                {
                    return;
                }
                if (reply[0] == Refused)
                {
                    throw new RedisServerException($"Redis refused the feed write of user {userId}");
                }
            }
            throw new RedisServerException($"The feed of user {userId} kept changing while a paper was taken out of it");
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
            // Only the bytes up to the page's end: the header says how long the whole feed is.
            var value = (byte[]?)await redis.GetDatabase().StringGetRangeAsync(Key(userId), 0, PackedFeed.BytesUpTo(offset + count) - 1)
                .WaitAsync(readDeadline, cancellationToken);
            if (value is null || value.Length == 0)
            {
                return null;
            }
            if (PackedFeed.Unpack(value, offset, count) is not var (items, total))
            {
                Failed(userId, new RedisServerException($"The stored feed of user {userId} is not a feed"));
                return null;
            }
            return new StoredFeedPage(items, total);
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

    /// <summary>
    /// Merges a batch of users' items into their stored feeds: one MGET, the merge here, one compare-and-set call.
    /// A user whose feed another writer changed in between is merged again; one whose write Redis refused is marked
    /// behind alone. A batch cut off by a lost connection waits for Redis to come back (<see cref="ReconnectWait"/>)
    /// and settles what it had sent (<see cref="Settle"/>) instead of dropping every feed it held: with the fan-out
    /// writing tens of thousands of feeds a second, one reset connection otherwise dropped nearly every feed of
    /// 20,000 users, each then rebuilt at its next read. Answers each user's new threshold (null for a miss or a failure).
    /// </summary>
    /// <param name="patient">Whether a lost connection is waited for (fan-out batches), or fails the batch's feeds at once.</param>
    private async Task<float?[]> AddBatch(IReadOnlyList<QueuedWrite> batch, bool patient)
    {
        var answers = new float?[batch.Count];
        IReadOnlyList<int> pending = Enumerable.Range(0, batch.Count).ToArray();
        var sent = new List<SentWrite>(batch.Count);
        long? cutOffAt = null;
        var rounds = 0;
        while (pending.Count > 0)
        {
            if (rounds == MaxAttempts)
            {
                foreach (var u in pending)
                {
                    Failed(batch[u].UserId, new RedisServerException($"The feed of user {batch[u].UserId} kept changing while it was merged"));
                }
                break;
            }
            try
            {
                if (sent.Count > 0)
                {
                    pending = await Settle(batch, pending, sent, answers);
                }
                else
                {
                    pending = await MergeOnce(batch, pending, answers, sent);
                    rounds++;
                }
                sent.Clear();
            }
            catch (Exception e) when (IsFailure(e, CancellationToken.None))
            {
                if (patient && IsConnectionLoss(e) && await ReconnectedAsync(cutOffAt ??= Environment.TickCount64))
                {
                    // Redis answers again: settle what was sent, if anything, then merge the rest again.
                    Trouble(e);
                    Warn(e, "Feed writes lost their Redis connection; Redis answers again, and they are settled and merged again");
                    continue;
                }
                foreach (var u in pending)
                {
                    answers[u] = null;
                    Failed(batch[u].UserId, e);
                }
                break;
            }
        }
        return answers;
    }

    /// <summary>
    /// How long a merge batch cut off by a lost connection waits for Redis to answer again before its feeds are dropped.
    /// A reset connection was back within 25 ms on a quiet machine, but not always within 1 s while the whole test suite
    /// ran beside it (the client reconnects on its 1 s heartbeat). Not longer: the fan-out waits meanwhile, and ingest
    /// with it (back-pressure); once per outage (<see cref="ReconnectedAsync"/>), so a long one costs 5 s of it, not more.
    /// </summary>
    public static readonly TimeSpan ReconnectWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Of the failures <see cref="IsFailure"/> admits, those that are lost, not late: the client had no connection, or lost
    /// it under the call (a restart, a failover, a reset). A timeout is not one: Redis may be alive and stalled (or
    /// black-holed), and waiting on it would only hold the fan-out.
    /// </summary>
    private bool IsConnectionLoss(Exception failure) =>
        failure is RedisConnectionException || (failure is not TimeoutException && !redis.IsConnected);

    /// <summary>When this outage began, as the connection's failure event told (<see cref="Connected"/> while it is up).</summary>
    private long lostSince = Connected;

    private const long Connected = long.MinValue;

    /// <summary>
    /// Waits until the client is connected again; false once <see cref="ReconnectWait"/> has passed since the outage
    /// began (or since <paramref name="cutOffAt"/>, the batch's first cut, if earlier), connected or not. One wait per
    /// outage: once Redis has been away that long, later batches fail at once and their feeds are dropped, as they
    /// were before, so a long outage does not hold the fan-out (and, by back-pressure, ingest) a batch at a time. And a
    /// connection that keeps failing does not spin a batch forever.
    /// </summary>
    private async Task<bool> ReconnectedAsync(long cutOffAt)
    {
        var since = Volatile.Read(ref lostSince);
        var deadline = (since == Connected ? cutOffAt : Math.Min(since, cutOffAt)) + (long)ReconnectWait.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
            if (redis.IsConnected)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A compare-and-set sent for a user: the token it expected, the token its value carries, the threshold it would set.</summary>
    private readonly record struct SentWrite(int User, byte[] Expected, uint Written, float Threshold);

    /// <summary>
    /// After a lost connection, learns which of the writes sent took place from the tokens now stored: the written
    /// value's token means it did (its answer stands); the token it expected means it did not, and nobody wrote the
    /// feed since (no rebuild, so no hide in between), so it is merged again; no feed is a miss. Any other token
    /// cannot tell, and that feed is dropped as before. Answers the users to merge again.
    /// </summary>
    private async Task<IReadOnlyList<int>> Settle(IReadOnlyList<QueuedWrite> batch, IReadOnlyList<int> users, List<SentWrite> sent, float?[] answers)
    {
        var stored = await redis.GetDatabase().StringGetAsync(sent.Select(s => Key(batch[s.User].UserId)).ToArray());
        var again = users.Except(sent.Select(s => s.User)).ToList();
        for (var i = 0; i < sent.Count; i++)
        {
            var (u, expected, written, threshold) = sent[i];
            var value = (byte[]?)stored[i];
            answers[u] = null;
            if (value is null || value.Length < PackedFeed.HeaderSize)
            {
                continue;
            }
            if (PackedFeed.TokenNumberOf(value) == written)
            {
                answers[u] = threshold;
            }
            else if (value.AsSpan(0, expected.Length).SequenceEqual(expected))
            {
                again.Add(u);
            }
            else
            {
                Failed(batch[u].UserId, new RedisConnectionException(ConnectionFailureType.SocketClosed,
                    $"The connection was lost while the feed of user {batch[u].UserId} was written, and it changed since"));
            }
        }
        return again;
    }

    /// <summary>
    /// One round of <see cref="AddBatch"/> for the users <paramref name="users"/>; answers those who lost a race. Notes in
    /// <paramref name="sent"/> the writes it sends, before it sends them.
    /// </summary>
    private async Task<IReadOnlyList<int>> MergeOnce(IReadOnlyList<QueuedWrite> batch, IReadOnlyList<int> users, float?[] answers, List<SentWrite> sent)
    {
        var db = redis.GetDatabase();
        var read = users.Select(u => Key(batch[u].UserId)).ToArray();
        var stored = await db.StringGetAsync(read);
        var sets = new List<(string UserId, RedisValue Token, ReadOnlyMemory<byte> Value)>(users.Count);
        var rented = new List<byte[]>(users.Count);
        var writing = new List<int>(users.Count);
        for (var i = 0; i < users.Count; i++)
        {
            var u = users[i];
            answers[u] = null;
            var value = (byte[]?)stored[i];
            if (value is null)
            {
                // Not stored: it stays a miss, and its next read rebuilds it whole.
                continue;
            }
            if (PackedFeed.MergeInto(value, BestDistinct(batch[u].Items, capacity), capacity, rentValueBuffer) is not var (merged, length, threshold))
            {
                Failed(batch[u].UserId, new RedisServerException($"The stored feed of user {batch[u].UserId} is not a feed"));
                continue;
            }
            rented.Add(merged);
            var expected = PackedFeed.TokenOf(value);
            sets.Add((batch[u].UserId, expected, merged.AsMemory(0, length)));
            sent.Add(new SentWrite(u, expected, PackedFeed.TokenNumberOf(merged), threshold));
            answers[u] = threshold;
            writing.Add(u);
        }
        if (writing.Count == 0)
        {
            return [];
        }
        var replies = await CompareAndSet(db, sets);
        // Only once the transaction is answered: a call that failed may still sit in the client's backlog, and a
        // buffer handed out again meanwhile would be sent as some other user's feed. Those go to the collector.
        foreach (var buffer in rented)
        {
            valueBuffers.Return(buffer);
        }
        var lost = new List<int>();
        for (var j = 0; j < writing.Count; j++)
        {
            var u = writing[j];
            if (replies[j] == Written)
            {
                continue;
            }
            answers[u] = null;
            if (replies[j] == Refused)
            {
                Failed(batch[u].UserId, new RedisServerException($"Redis refused the feed write of user {batch[u].UserId}"));
            }
            else
            {
                lost.Add(u);
            }
        }
        return lost;
    }

    /// <summary>A merge that lost the race to another writer this many times in a row gives up, and the feed is dropped instead.</summary>
    private const int MaxAttempts = 8;

    private const int Written = 1;
    private const int Refused = -1;

    /// <summary>
    /// Sets each user's new value if the feed still holds the token read (<see cref="FeedScripts.CompareAndSet"/>):
    /// one transaction of an MSET of the new values, each under a key of its own, and the script that renames them
    /// into place. Answers per user: <see cref="Written"/>, 0 (changed since read), or <see cref="Refused"/>.
    /// </summary>
    private async Task<int[]> CompareAndSet(IDatabase db, IReadOnlyList<(string UserId, RedisValue Token, ReadOnlyMemory<byte> Value)> sets)
    {
        var keys = new RedisKey[2 * sets.Count];
        var values = new KeyValuePair<RedisKey, RedisValue>[sets.Count];
        var args = new RedisValue[1 + sets.Count];
        args[0] = TimeToLiveSeconds;
        for (var i = 0; i < sets.Count; i++)
        {
            var (userId, token, value) = sets[i];
            var staged = StagedKey(userId);
            (keys[2 * i], keys[2 * i + 1]) = (Key(userId), staged);
            values[i] = new(staged, value);
            args[1 + i] = token;
        }
        var transaction = db.CreateTransaction();
        var staging = transaction.StringSetAsync(values);
        var written = transaction.ScriptEvaluateAsync(FeedScripts.CompareAndSet, keys, args);
        await transaction.ExecuteAsync();
        await staging;
        return ((RedisResult[])(await written)!).Select(r => (int)r).ToArray();
    }

    /// <summary>A key of its own for one write's new value, in the feed's hash slot; the script renames or deletes it.</summary>
    private RedisKey StagedKey(string userId) =>
        $"{prefix}{{{userId}}}:staged:{writerId}:{Interlocked.Increment(ref stagedKeys):x}";

    private TimeSpan TimeToLive => TimeSpan.FromSeconds(ttlSeconds);

    private RedisValue TimeToLiveSeconds => ttlSeconds;

    /// <summary>
    /// At most <paramref name="count"/> items, one per paper (its best score), in feed order: no more can enter a
    /// feed of that size, and merged writes of a busy moment can carry many. Sorted arrays, not a dictionary and
    /// LINQ: this runs for every feed write, and those were a tenth of the silo's garbage while fanning out.
    /// </summary>
    internal static IReadOnlyList<FeedItem> BestDistinct(IReadOnlyList<FeedItem> items, int count)
    {
        if (items.Count <= 1)
        {
            return items;
        }
        var sorted = items.ToArray();
        Array.Sort(sorted, PackedFeed.FeedOrder);
        // A paper's best item comes first: every later one of the same paper is left out.
        var kept = 0;
        for (var i = 0; i < sorted.Length && kept < count; i++)
        {
            if (!PackedFeed.Contains(sorted.AsSpan(0, kept), sorted[i].Position))
            {
                sorted[kept++] = sorted[i];
            }
        }
        return kept == sorted.Length ? sorted : sorted[..kept];
    }

    /// <summary>A write that may or may not have happened, or bytes that are not a feed: the feed must not be read until it is dropped.</summary>
    private void Failed(string userId, Exception e)
    {
        behind[userId] = 0;
        Trouble(e);
        Warn(e, "A feed in Redis could not be written, or was not a feed when read back; it will be dropped and rebuilt on its next read");
    }

    private async Task DropBehindFeeds()
    {
        if (behind.IsEmpty || Interlocked.Exchange(ref repairing, 1) == 1)
        {
            return;
        }
        var count = 0L;
        try
        {
            var db = redis.GetDatabase();
            foreach (var userId in behind.Keys.Take(10_000))
            {
                await db.KeyDeleteAsync(Key(userId));
                behind.TryRemove(userId, out _);
                count++;
            }
        }
        catch (Exception e) when (IsFailure(e, CancellationToken.None))
        {
            // Still unreachable: try again on the next tick.
        }
        finally
        {
            if (count > 0)
            {
                dropped(count);
            }
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
