using Recommender.Abstractions.Feeds;

namespace Recommender.Grains.Feeds;

/// <summary>A fast read copy of users' ranked feeds (Redis in production, in-process by default).</summary>
/// <remarks>The user grain is the source of truth; the cache may lose anything at any time.</remarks>
public interface IFeedCache
{
    /// <summary>Replaces the cached feed of a user (entries in feed order); false when the cache could not be written.</summary>
    Task<bool> ReplaceAsync(string userId, IReadOnlyList<FeedEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies one offer's change to the cached feed of a user, if it is cached: the cost follows
    /// the change, not the feed's size. An uncached feed stays a miss (the grain fills it on read).
    /// False when the cache could not be written: its copy may then be behind.
    /// </summary>
    Task<bool> ApplyAsync(string userId, FeedChange change, CancellationToken cancellationToken = default);

    /// <summary>A page of the cached feed, or null on a miss (never cached, evicted, or the cache is down).</summary>
    Task<FeedPage?> ReadAsync(string userId, int offset, int count, CancellationToken cancellationToken = default);
}
