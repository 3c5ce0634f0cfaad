// A feed store that fails every batch touching chosen users, as an outage hitting a fan-out
// would, or answers their writes without a threshold, as the Redis store's appends do, and counts
// rebuilds; otherwise it passes everything to the store it wraps.
using Recommender.Storage.Feeds;

namespace Recommender.Grains.Tests.Feeds;

public sealed class FlakyFeedStore(IFeedStore inner) : IFeedStore
{
    private readonly HashSet<string> failing = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> unknownThresholds = new();
    private int failures;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> replacements = new();

    /// <summary>How many times a user's whole feed was stored (one per rebuild).</summary>
    public int Replacements(string userId) => replacements.GetValueOrDefault(userId);

    /// <summary>How many batches it failed so far.</summary>
    public int Failures => Volatile.Read(ref failures);

    public void FailWritesFor(string userId)
    {
        lock (failing)
        {
            failing.Add(userId);
        }
    }

    /// <summary>The user's writes are answered "added, threshold not known" (NaN), as the Redis store answers an append.</summary>
    public void AnswerThresholdsUnknownFor(string userId) => unknownThresholds[userId] = 0;

    public void Heal()
    {
        lock (failing)
        {
            failing.Clear();
        }
    }

    public Task<float?[]> AddAsync(IReadOnlyList<FeedWrite> writes, bool interactive = false, CancellationToken cancellationToken = default)
    {
        lock (failing)
        {
            if (writes.Any(w => failing.Contains(w.UserId)))
            {
                Interlocked.Increment(ref failures);
                throw new IOException("the feed store is unreachable");
            }
        }
        return unknownThresholds.IsEmpty ? inner.AddAsync(writes, interactive, cancellationToken) : Unknowing(writes, interactive, cancellationToken);
    }

    private async Task<float?[]> Unknowing(IReadOnlyList<FeedWrite> writes, bool interactive, CancellationToken cancellationToken)
    {
        var answers = await inner.AddAsync(writes, interactive, cancellationToken);
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i] is not null && unknownThresholds.ContainsKey(writes[i].UserId))
            {
                answers[i] = float.NaN;
            }
        }
        return answers;
    }

    public Task<float?> ReplaceAsync(string userId, IReadOnlyList<FeedItem> items, CancellationToken cancellationToken = default)
    {
        replacements.AddOrUpdate(userId, 1, (_, n) => n + 1);
        return inner.ReplaceAsync(userId, items, cancellationToken);
    }

    public Task RemoveAsync(string userId, long position, CancellationToken cancellationToken = default) =>
        inner.RemoveAsync(userId, position, cancellationToken);

    public Task<StoredFeedPage?> ReadAsync(string userId, int offset, int count, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(userId, offset, count, cancellationToken);
}
