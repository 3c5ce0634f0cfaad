// Wraps the feed store so that every write tells the watch hub which feeds it touched: one call
// per batch, after the batch is written, and nothing at all while nobody watches those users.
using Recommender.Storage.Feeds;

namespace Recommender.Server.Watch;

public sealed class NotifyingFeedStore(IFeedStore inner, FeedWatchHub hub) : IFeedStore, IDisposable
{
    public async Task<float?[]> AddAsync(IReadOnlyList<FeedWrite> writes, bool interactive = false, CancellationToken cancellationToken = default)
    {
        var thresholds = await inner.AddAsync(writes, interactive, cancellationToken);
        // A null threshold: the feed is not stored (nothing changed) or the write failed.
        hub.FeedsWritten(writes.Where((_, i) => thresholds[i] is not null).Select(w => w.UserId));
        return thresholds;
    }

    public async Task<float?> ReplaceAsync(string userId, IReadOnlyList<FeedItem> items, CancellationToken cancellationToken = default)
    {
        var threshold = await inner.ReplaceAsync(userId, items, cancellationToken);
        hub.FeedsWritten([userId]);
        return threshold;
    }

    public async Task RemoveAsync(string userId, long position, CancellationToken cancellationToken = default)
    {
        await inner.RemoveAsync(userId, position, cancellationToken);
        hub.FeedsWritten([userId]);
    }

    public Task<StoredFeedPage?> ReadAsync(string userId, int offset, int count, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(userId, offset, count, cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
