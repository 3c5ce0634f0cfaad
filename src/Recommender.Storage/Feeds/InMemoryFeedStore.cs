// The embedded profile's feed store: every user's feed as a compact sorted array in this process.
using System.Collections.Concurrent;

namespace Recommender.Storage.Feeds;

/// <param name="capacity">Papers kept per feed (K).</param>
public sealed class InMemoryFeedStore(int capacity) : IFeedStore
{
    private readonly ConcurrentDictionary<string, UserFeed> feeds = new(StringComparer.Ordinal);

    public Task<float?[]> AddAsync(IReadOnlyList<FeedWrite> writes, CancellationToken cancellationToken = default)
    {
        var thresholds = new float?[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            if (feeds.TryGetValue(writes[i].UserId, out var feed))
            {
                lock (feed)
                {
                    feed.Add(writes[i].Items);
                    thresholds[i] = feed.Threshold;
                }
            }
        }
        return Task.FromResult(thresholds);
    }

    public Task<float?> ReplaceAsync(string userId, IReadOnlyList<FeedItem> items, CancellationToken cancellationToken = default)
    {
        var feed = new UserFeed(capacity);
        feed.Add(items.ToArray());
        feeds[userId] = feed;
        return Task.FromResult<float?>(feed.Threshold);
    }

    public Task RemoveAsync(string userId, long position, CancellationToken cancellationToken = default)
    {
        if (feeds.TryGetValue(userId, out var feed))
        {
            lock (feed)
            {
                feed.Remove(position);
            }
        }
        return Task.CompletedTask;
    }

    public Task<StoredFeedPage?> ReadAsync(string userId, int offset, int count, CancellationToken cancellationToken = default)
    {
        if (!feeds.TryGetValue(userId, out var feed))
        {
            return Task.FromResult<StoredFeedPage?>(null);
        }
        lock (feed)
        {
            var items = feed.Items;
            var page = offset >= items.Length ? [] : items.Slice(offset, Math.Min(count, items.Length - offset)).ToArray();
            return Task.FromResult<StoredFeedPage?>(new StoredFeedPage(page, items.Length));
        }
    }
}
