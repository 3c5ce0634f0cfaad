// The embedded profile's feed store: every user's feed as a compact sorted array in this process.
using System.Collections.Concurrent;

namespace Recommender.Storage.Feeds;

/// <param name="capacity">Papers kept per feed (K).</param>
public sealed class InMemoryFeedStore(int capacity) : IFeedStore
{
    private readonly ConcurrentDictionary<string, UserFeed> feeds = new(StringComparer.Ordinal);

    public Task<float?[]> AddAsync(IReadOnlyList<FeedWrite> writes, bool interactive = false, CancellationToken cancellationToken = default)
    {
        var thresholds = new float?[writes.Count];
        // Two passes: every feed is found and asked into the cache first, then written (UserFeed.Prefetch).
        var found = new UserFeed?[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            found[i] = Find(writes[i]);
            found[i]?.Prefetch();
        }
        for (var i = 0; i < writes.Count; i++)
        {
            if (found[i] is { } feed)
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

    /// <summary>The feed a write goes to: a slot's feed stays valid, since a user's feed object is never replaced.</summary>
    private UserFeed? Find(FeedWrite write)
    {
        if (write.Slot?.Feed is UserFeed remembered)
        {
            return remembered;
        }
        if (!feeds.TryGetValue(write.UserId, out var feed))
        {
            return null;
        }
        if (write.Slot is { } slot)
        {
            slot.Feed = feed;
        }
        return feed;
    }

    public Task<float?> ReplaceAsync(string userId, IReadOnlyList<FeedItem> items, CancellationToken cancellationToken = default)
    {
        // Emptied and refilled in place, never swapped for another: writers' slots keep pointing at it.
        var feed = feeds.GetOrAdd(userId, static (_, size) => new UserFeed(size), capacity);
        lock (feed)
        {
            feed.Clear();
            feed.Add(items.ToArray());
            return Task.FromResult<float?>(feed.Threshold);
        }
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
            return Task.FromResult<StoredFeedPage?>(new StoredFeedPage(feed.ToArray(offset, count), feed.Count));
        }
    }
}
