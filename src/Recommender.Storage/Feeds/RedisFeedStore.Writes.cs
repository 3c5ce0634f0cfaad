// The Redis feed store's writes: fan-out appends, and the folds that merge a feed's list of added
// entries into its value (RedisFeedStore.cs holds the reads, rebuilds, hides and failure handling).
using System.Runtime.InteropServices;
using StackExchange.Redis;

namespace Recommender.Storage.Feeds;

public sealed partial class RedisFeedStore
{
    /// <summary>
    /// For a fold: the whole stored value and then the list, sent together. The value goes first: a fold by another writer
    /// landing between the two changes the value's token, so this fold's write is refused and it reads again. In the other
    /// order this fold would pass the token check and then take off the list elements the other fold left, unseen.
    /// </summary>
    private async Task<(byte[]? Value, RedisValue[] Added)> ReadForFold(IDatabase db, string userId)
    {
        var value = db.StringGetAsync(Key(userId));
        var added = db.ListRangeAsync(AddedKey(userId));
        return ((byte[]?)await value, await added);
    }

    /// <summary>
    /// The stored value with the added entries folded in (into a buffer from <paramref name="buffers"/>; the value is its
    /// first Length bytes): a paper added twice counts at its latest score, as writes applied in turn would leave it.
    /// </summary>
    private (byte[] Buffer, int Length, float Threshold) FoldedValue(string userId, ReadOnlySpan<byte> stored, RedisValue[] added,
        Func<int, byte[]> buffers)
    {
        var latest = new List<FeedItem>();
        // Newest first, the marker (element 0) left out; each write's own items are in feed order already.
        for (var e = added.Length - 1; e > 0; e--)
        {
            var items = PackedFeed.ItemsOf((byte[])added[e]!) ?? throw new NotAFeedException(userId);
            foreach (var item in items)
            {
                if (!PackedFeed.Contains(CollectionsMarshal.AsSpan(latest), item.Position))
                {
                    latest.Add(item);
                }
            }
        }
        return PackedFeed.MergeInto(stored, BestDistinct(latest, capacity), capacity, buffers) ?? throw new NotAFeedException(userId);
    }

    /// <summary>
    /// Appends each user's items to the list of entries added to the feed (<c>RPUSHX</c>: a feed that is not stored stays a
    /// miss), and folds the lists grown past <see cref="FoldAfter"/> writes or <see cref="FoldAfterBytes"/>. An append reads
    /// nothing and Redis merges nothing, so a fan-out write cost Redis 1.9–2.6 µs at 100,000 users (a read-merge-write of
    /// the whole feed, ~8.6 µs); that read-merge-write is now paid once per fold. Appending again is harmless (a paper counts once), so appends cut off by a lost
    /// connection are sent again once Redis answers (<see cref="ReconnectWait"/>) instead of dropping their feeds: with the
    /// fan-out writing tens of thousands of feeds a second, one reset connection otherwise dropped nearly every feed of
    /// 20,000 users, each then rebuilt at its next read. Answers per user its feed's new threshold when a fold learned it,
    /// NaN when the items were added without one, null for a miss or a failure.
    /// </summary>
    /// <param name="patient">Whether a lost connection is waited for (fan-out batches), or fails the batch's feeds at once.</param>
    private async Task<float?[]> AddBatch(IReadOnlyList<QueuedWrite> batch, bool patient)
    {
        var answers = new float?[batch.Count];
        var db = redis.GetDatabase();
        var pending = Enumerable.Range(0, batch.Count).ToList();
        var toFold = new List<int>();
        long? cutOffAt = null;
        while (pending.Count > 0)
        {
            var entries = pending.Select(u => PackedFeed.EntriesOf(BestDistinct(batch[u].Items, capacity))).ToArray();
            long[]? lengths = null;
            Exception? failure = null;
            try
            {
                lengths = await Append(db, pending.Select(u => AddedKey(batch[u].UserId)).ToArray(), entries);
            }
            catch (Exception e) when (IsFailure(e, CancellationToken.None))
            {
                failure = e;
            }
            var cut = new List<int>();
            Exception? loss = null;
            for (var i = 0; i < pending.Count; i++)
            {
                var u = pending[i];
                if (lengths is { } answered && answered[i] >= 0)
                {
                    var length = answered[i];
                    answers[u] = length == 0 ? null : float.NaN;
                    // The list's bytes, guessed from this write's: writes of a busy moment carry many papers each.
                    if (length > FoldAfter || (length - 1) * entries[i].Length > FoldAfterBytes)
                    {
                        toFold.Add(u);
                    }
                    continue;
                }
                answers[u] = null;
                if (patient && failure is not null && IsConnectionLoss(failure))
                {
                    loss = failure;
                    cut.Add(u);
                }
                else
                {
                    Failed(batch[u].UserId, failure ?? new RedisServerException($"Redis refused the append to the feed of user {batch[u].UserId}"));
                }
            }
            pending = cut;
            if (loss is not null && await ReconnectedAsync(cutOffAt ??= Environment.TickCount64))
            {
                Trouble(loss);
                Warn(loss, "Feed writes lost their Redis connection; Redis answers again, and they are sent again");
                continue;
            }
            foreach (var u in pending)
            {
                Failed(batch[u].UserId, loss!);
            }
            break;
        }
        if (toFold.Count > 0)
        {
            await FoldLists(batch, toFold, answers, patient, cutOffAt);
        }
        return answers;
    }

    /// <summary>
    /// <c>RPUSHX</c> of each user's entries to each list: one command for one user, else one script call for the batch
    /// (<see cref="FeedScripts.Append"/>). Sent one by one, each append was a message, a task and a reply of its own in
    /// the silo. Answers each list's new length, 0 for a list that does not exist, -1 for a key Redis refused.
    /// </summary>
    private static async Task<long[]> Append(IDatabase db, RedisKey[] lists, byte[][] entries)
    {
        if (lists.Length == 1)
        {
            try
            {
                return [await db.ListRightPushAsync(lists[0], entries[0], When.Exists)];
            }
            catch (RedisServerException)
            {
                return [-1];
            }
        }
        var values = new RedisValue[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            values[i] = entries[i];
        }
        return (long[])(await db.ScriptEvaluateAsync(FeedScripts.Append, lists, values))!;
    }

    /// <summary>
    /// A feed's list of added entries is folded into its value once it holds more writes than this, or more entries than
    /// <see cref="FoldAfterBytes"/>. Fewer folds cost Redis and the silo less; more frequent ones keep Redis smaller (at
    /// 100,000 users, lists folded after 8 writes alone held ~850 bytes each, and Redis passed 4 KB per user), tell the
    /// topics each feed's threshold sooner (each fold answers it), and leave less for every read to merge.
    /// </summary>
    public const int FoldAfter = 8;

    /// <summary>Bytes of entries a list may hold before it is folded (a guard for writes of many papers each); see <see cref="FoldAfter"/>.</summary>
    public const int FoldAfterBytes = 40 * PackedFeed.EntrySize;

    /// <summary>
    /// Folds the users' lists into their feeds, folding again those another writer changed meanwhile. A fold that fails
    /// loses nothing (the entries stay in the list, and the script writes all or nothing), so a failure only leaves the
    /// threshold unknown; a lost connection is waited for, as for appends.
    /// </summary>
    private async Task FoldLists(IReadOnlyList<QueuedWrite> batch, IReadOnlyList<int> users, float?[] answers, bool patient, long? cutOffAt)
    {
        for (var rounds = 0; users.Count > 0 && rounds < MaxAttempts; rounds++)
        {
            try
            {
                users = await FoldOnce(batch, users, answers);
            }
            catch (Exception e) when (IsFailure(e, CancellationToken.None))
            {
                if (!(patient && IsConnectionLoss(e) && await ReconnectedAsync(cutOffAt ??= Environment.TickCount64)))
                {
                    Trouble(e);
                    Warn(e, "Feeds could not be folded in Redis; their added entries stay, and are folded at a later write");
                    return;
                }
            }
        }
    }

    /// <summary>
    /// One round of <see cref="FoldLists"/>: reads each feed and its list, folds the list in here, and writes the results in
    /// one call (<see cref="Fold(IDatabase, IReadOnlyList{FoldWrite})"/>). Answers the users who lost a race.
    /// </summary>
    private async Task<IReadOnlyList<int>> FoldOnce(IReadOnlyList<QueuedWrite> batch, IReadOnlyList<int> users, float?[] answers)
    {
        var db = redis.GetDatabase();
        // The values first, as ReadForFold explains, in one MGET; then each user's list.
        var valuesRead = db.StringGetAsync(users.Select(u => Key(batch[u].UserId)).ToArray());
        var listsRead = users.Select(u => db.ListRangeAsync(AddedKey(batch[u].UserId))).ToArray();
        var values = await valuesRead;
        var writes = new List<FoldWrite>(users.Count);
        var rented = new List<byte[]>(users.Count);
        var writing = new List<(int User, float Threshold)>(users.Count);
        for (var i = 0; i < users.Count; i++)
        {
            var u = users[i];
            var (stored, added) = ((byte[]?)values[i], await listsRead[i]);
            if (stored is null || added.Length == 0)
            {
                // No longer stored: a miss, as for an append to a feed that is not stored.
                answers[u] = null;
                continue;
            }
            try
            {
                var (buffer, length, threshold) = FoldedValue(batch[u].UserId, stored, added, rentValueBuffer);
                rented.Add(buffer);
                writes.Add(new FoldWrite(batch[u].UserId, PackedFeed.TokenOf(stored), added.Length, buffer.AsMemory(0, length)));
                writing.Add((u, threshold));
            }
            catch (NotAFeedException e)
            {
                answers[u] = null;
                Failed(batch[u].UserId, e);
            }
        }
        if (writes.Count == 0)
        {
            return [];
        }
        var replies = await Fold(db, writes);
        // Only once the transaction is answered: a call that failed may still sit in the client's backlog, and a
        // buffer handed out again meanwhile would be sent as some other user's feed. Those go to the collector.
        foreach (var buffer in rented)
        {
            valueBuffers.Return(buffer);
        }
        var lost = new List<int>();
        for (var j = 0; j < writing.Count; j++)
        {
            var (u, threshold) = writing[j];
            if (replies[j] == Written)
            {
                answers[u] = threshold;
            }
            else if (replies[j] == Refused)
            {
                answers[u] = null;
                Failed(batch[u].UserId, new RedisServerException($"Redis refused the feed write of user {batch[u].UserId}"));
            }
            else
            {
                lost.Add(u);
            }
        }
        return lost;
    }

    /// <summary>A fold for one user: the token it read, how many list elements it read, and the new value.</summary>
    private readonly record struct FoldWrite(string UserId, RedisValue Token, int Read, ReadOnlyMemory<byte> Value);

    /// <summary>A fold that lost the race to another writer this many times in a row gives up.</summary>
    private const int MaxAttempts = 8;

    private const int Written = 1;
    private const int Refused = -1;

    /// <summary>
    /// Writes each user's folded value if the feed still holds the token read (<see cref="FeedScripts.Fold"/>): one
    /// transaction of an MSET of the new values, each under a key of its own, and the script that renames them into
    /// place and takes the folded elements off the lists. Answers per user: <see cref="Written"/>, 0 (changed since
    /// read), or <see cref="Refused"/>.
    /// </summary>
    private async Task<int[]> Fold(IDatabase db, IReadOnlyList<FoldWrite> writes)
    {
        var keys = new RedisKey[3 * writes.Count];
        var values = new KeyValuePair<RedisKey, RedisValue>[writes.Count];
        var args = new RedisValue[1 + 2 * writes.Count];
        args[0] = TimeToLiveSeconds;
        for (var i = 0; i < writes.Count; i++)
        {
            var (userId, token, read, value) = writes[i];
            var staged = StagedKey(userId);
            (keys[3 * i], keys[3 * i + 1], keys[3 * i + 2]) = (Key(userId), staged, AddedKey(userId));
            values[i] = new(staged, value);
            (args[1 + 2 * i], args[2 + 2 * i]) = (token, read);
        }
        var transaction = db.CreateTransaction();
        var staging = transaction.StringSetAsync(values);
        var written = transaction.ScriptEvaluateAsync(FeedScripts.Fold, keys, args);
        await transaction.ExecuteAsync();
        await staging;
        return ((RedisResult[])(await written)!).Select(r => (int)r).ToArray();
    }

    /// <summary>A key of its own for one write's new value, in the feed's hash slot; the script renames or deletes it.</summary>
    private RedisKey StagedKey(string userId) =>
        $"{prefix}{{{userId}}}:staged:{writerId}:{Interlocked.Increment(ref stagedKeys):x}";
}
