using Recommender.Abstractions.Feeds;

namespace Recommender.Grains.Feeds;

/// <summary>A fast read copy of users' ranked feeds (Redis in production, in-process by default).</summary>
/// <remarks>The user grain is the source of truth; the cache may lose anything at any time.</remarks>
public interface IFeedCache
{
    /// <summary>Replaces the cached feed of a user (entries in feed order).</summary>
    Task ReplaceAsync(string userId, IReadOnlyList<FeedEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>A page of the cached feed, or null on a miss (never cached, evicted, or the cache is down).</summary>
    Task<FeedPage?> ReadAsync(string userId, int offset, int count, CancellationToken cancellationToken = default);
}
