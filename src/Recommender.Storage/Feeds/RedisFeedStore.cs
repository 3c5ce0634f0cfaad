// Feeds in Redis: per user one value holding the feed as last folded (PackedFeed) and a list of the
// entries added since. A fan-out write appends to the list (nothing read, nothing merged in Redis);
// reads merge the list into the value, and a writer folds the list into the value every few writes
// (read, merge here, set back only if nobody rewrote it since). A feed that is not stored has neither
// key, and appends to it add nothing. Any failure or timeout reads as a miss; a feed whose write failed
// is unreadable here and dropped once Redis answers, unless the write was only cut off by a lost
// connection and Redis came back soon enough to send it again. Appends and folds: RedisFeedStore.Writes.cs.
using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Recommender.Storage.Feeds;

public sealed partial class RedisFeedStore : IFeedStore, IDisposable
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

    /// <summary>
    /// Users per write batch (one append call, and one fold call for those due), at most: 8 batches of 64 users keep 512
    /// writes under way. At 100,000 users the fan-out fills every batch; 64 cost the silo 0.79 ms per paper fanned out
    /// against 0.87–0.88 with 32, and 128 no less (0.80).
    /// </summary>
    public const int MaxUsersPerAdd = 64;

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
    /// <param name="timeToLive">A feed nobody folds or rebuilds expires after this long (an append does not extend it: a fold every few does).</param>
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
    /// A script may only touch keys of one hash slot on a Redis Cluster, and each user's keys have a slot
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

    /// <summary>
    /// A user's feed (<see cref="PackedFeed"/>); the braces keep a user's keys in one hash slot of a Redis Cluster. "v2": entries of
    /// 25 bytes; values of the 28-byte entries before are left to expire, and their feeds are rebuilt at their next read.
    /// </summary>
    private RedisKey Key(string userId) => $"{prefix}{{{userId}}}:packed:v2";

    /// <summary>
    /// The entries added to a user's feed since it was last folded: a list of one element per write (its items as bare
    /// entries), after an empty element that marks the feed stored, so that an append to a feed that is not stored
    /// (<c>RPUSHX</c>) adds nothing. A feed is stored when both keys are.
    /// </summary>
    private RedisKey AddedKey(string userId) => $"{prefix}{{{userId}}}:added";

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
            written[i] = additions.Add(writes[i].UserId, writes[i].Items, writes[i].Slot);
        }
        return await Task.WhenAll(written);
    }

    /// <summary>Sets the feed whole and empties its list of added entries (back to the marker alone), in one transaction.</summary>
    public async Task<float?> ReplaceAsync(string userId, IReadOnlyList<FeedItem> items, CancellationToken cancellationToken = default)
    {
        var (value, threshold) = PackedFeed.Merge([], BestDistinct(items, capacity), capacity)!.Value;
        await replaceSlots.WaitAsync(cancellationToken);
        try
        {
            var transaction = redis.GetDatabase().CreateTransaction();
            var steps = new Task[]
            {
                transaction.StringSetAsync(Key(userId), value, TimeToLive),
                transaction.KeyDeleteAsync(AddedKey(userId)),
                transaction.ListRightPushAsync(AddedKey(userId), RedisValue.EmptyString),
                transaction.KeyExpireAsync(AddedKey(userId), TimeToLive),
            };
            await transaction.ExecuteAsync();
            await Task.WhenAll(steps);
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

    /// <summary>Folds the feed's added entries in without the paper, if the paper is in either.</summary>
    public async Task RemoveAsync(string userId, long position, CancellationToken cancellationToken = default)
    {
        try
        {
            var db = redis.GetDatabase();
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var (stored, added) = await ReadForFold(db, userId);
                if (stored is null || added.Length == 0)
                {
                    return;
                }
                var folded = FoldedValue(userId, stored, added, rentValueBuffer);
                var changed = PackedFeed.Without(folded.Buffer.AsSpan(0, folded.Length), position);
                valueBuffers.Return(folded.Buffer);
                if (changed is null)
                {
                    return;
                }
                var reply = await Fold(db, [new FoldWrite(userId, PackedFeed.TokenOf(stored), added.Length, changed)]);
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

    /// <summary>
    /// The page, from the entries added since the last fold merged into the stored value's first bytes (or its whole
    /// value, when entries were added and the page's bytes are not all of it). A feed is stored when both keys are.
    /// </summary>
    public async Task<StoredFeedPage?> ReadAsync(string userId, int offset, int count, CancellationToken cancellationToken = default)
    {
        if (behind.ContainsKey(userId) || RecoveringFromOutage)
        {
            return null;
        }
        try
        {
            var db = redis.GetDatabase();
            var (value, added) = await ReadForPage(db, userId, PackedFeed.BytesUpTo(offset + count)).WaitAsync(readDeadline, cancellationToken);
            if (value is null || value.Length == 0 || added.Length == 0)
            {
                return null;
            }
            if (added.Length > 1)
            {
                if (!PackedFeed.IsWhole(value))
                {
                    // Entries were added: any stored entry may now rank lower, so the page needs all of them.
                    (value, added) = await ReadForPage(db, userId).WaitAsync(readDeadline, cancellationToken);
                    if (value is null || value.Length == 0 || added.Length == 0)
                    {
                        return null;
                    }
                }
                // Merged into a pooled buffer and read from there: the page copies out its entries, so the buffer goes back at once.
                var (buffer, length, _) = FoldedValue(userId, value, added, rentValueBuffer);
                try
                {
                    return Page(userId, buffer.AsSpan(0, length), offset, count);
                }
                finally
                {
                    valueBuffers.Return(buffer);
                }
            }
            return Page(userId, value, offset, count);
        }
        catch (NotAFeedException e)
        {
            Failed(userId, e);
            return null;
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

    private static StoredFeedPage Page(string userId, ReadOnlySpan<byte> value, int offset, int count) =>
        PackedFeed.Unpack(value, offset, count) is { } page ? new StoredFeedPage(page.Items, page.Total) : throw new NotAFeedException(userId);

    /// <summary>Bytes in Redis that are not a feed's: the feed is dropped, and rebuilt at its next read.</summary>
    private sealed class NotAFeedException(string userId) : RedisException($"The stored feed of user {userId} is not a feed");

    /// <summary>
    /// For a page: a user's list of added entries and then the stored value (its first <paramref name="bytes"/>, or all
    /// of it), sent together. The list goes first: a fold landing between the two then shows its entries twice (each
    /// paper counts once), where the other order would miss them.
    /// </summary>
    private async Task<(byte[]? Value, RedisValue[] Added)> ReadForPage(IDatabase db, string userId, int? bytes = null)
    {
        var added = db.ListRangeAsync(AddedKey(userId));
        var value = bytes is { } length ? db.StringGetRangeAsync(Key(userId), 0, length - 1) : db.StringGetAsync(Key(userId));
        return ((byte[]?)await value, await added);
    }

    /// <summary>
    /// How long appends cut off by a lost connection wait for Redis to answer again before their feeds are dropped.
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
                await db.KeyDeleteAsync([Key(userId), AddedKey(userId)]);
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
        if (e is not (RedisServerException or NotAFeedException))
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
