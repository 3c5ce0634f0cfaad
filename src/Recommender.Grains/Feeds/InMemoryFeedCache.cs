using System.Collections.Concurrent;
using Recommender.Abstractions.Feeds;

namespace Recommender.Grains.Feeds;

/// <summary>The embedded profile's feed cache: a dictionary in the silo process.</summary>
public sealed class InMemoryFeedCache : IFeedCache
{
    private readonly ConcurrentDictionary<string, FeedEntry[]> feeds = new(StringComparer.Ordinal);

    public Task ReplaceAsync(string userId, IReadOnlyList<FeedEntry> entries, CancellationToken cancellationToken = default)
    {
        feeds[userId] = entries.ToArray();
        return Task.CompletedTask;
    }

    public Task<FeedPage?> ReadAsync(string userId, int offset, int count, CancellationToken cancellationToken = default)
    {
        if (!feeds.TryGetValue(userId, out var entries))
        {
            return Task.FromResult<FeedPage?>(null);
        }
        return Task.FromResult<FeedPage?>(FeedPages.Slice(entries, offset, count));
    }
}
