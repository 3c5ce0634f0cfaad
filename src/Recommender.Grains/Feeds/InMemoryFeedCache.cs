using System.Collections.Concurrent;
using Recommender.Abstractions.Feeds;

namespace Recommender.Grains.Feeds;

/// <summary>The embedded profile's feed cache: a dictionary in the silo process.</summary>
public sealed class InMemoryFeedCache : IFeedCache
{
    private readonly ConcurrentDictionary<string, FeedEntry[]> feeds = new(StringComparer.Ordinal);

    public Task<bool> ReplaceAsync(string userId, IReadOnlyList<FeedEntry> entries, CancellationToken cancellationToken = default)
    {
        feeds[userId] = entries.ToArray();
        return Task.FromResult(true);
    }

    public Task<bool> ApplyAsync(string userId, FeedChange change, CancellationToken cancellationToken = default)
    {
        // Only the owning user grain writes a user's entry, one call at a time: no lost updates.
        if (feeds.TryGetValue(userId, out var entries))
        {
            var removed = change.Removed.ToHashSet(StringComparer.Ordinal);
            var updated = entries.Where(e => !removed.Contains(e.PaperId)).Concat(change.Added).ToList();
            updated.Sort(FeedEntry.Compare);
            feeds[userId] = updated.ToArray();
        }
        return Task.FromResult(true);
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
