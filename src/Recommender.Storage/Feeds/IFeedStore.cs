// Where users' ranked feeds live: Redis in production, this process's memory in the embedded
// profile. Feeds are derived data (rebuildable from the catalogue and the users' inputs), so
// the store may lose a feed at any time; it must never serve a partial or stale one.
namespace Recommender.Storage.Feeds;

public interface IFeedStore
{
    /// <summary>
    /// Merges scored candidates into the feeds that exist (a feed that is not stored stays a miss:
    /// its user's next read rebuilds it whole). One result per write, in order: the feed's new
    /// admission threshold; NaN when the candidates were added but the threshold is not known (the
    /// Redis store learns it only every few writes); null when the feed is not stored or could not be
    /// written. A failed write never fails the others, and its feed is dropped as soon as the store
    /// answers again.
    /// </summary>
    /// <param name="interactive">
    /// The write serves a user's own call (a rebuild): it never waits for a lost connection to come back, so that the
    /// call answers at once. Fan-out writes (false) may wait a moment for it and so keep their feeds.
    /// </param>
    Task<float?[]> AddAsync(IReadOnlyList<FeedWrite> writes, bool interactive = false, CancellationToken cancellationToken = default);

    /// <summary>Stores a user's whole feed (items in any order; the best K are kept); returns the admission threshold, or null on failure.</summary>
    Task<float?> ReplaceAsync(string userId, IReadOnlyList<FeedItem> items, CancellationToken cancellationToken = default);

    /// <summary>Removes a paper from a user's feed; when that cannot be done the feed is dropped instead.</summary>
    Task RemoveAsync(string userId, long position, CancellationToken cancellationToken = default);

    /// <summary>A page of the stored feed, or null on a miss (never stored, dropped, expired, or the store is unreachable).</summary>
    Task<StoredFeedPage?> ReadAsync(string userId, int offset, int count, CancellationToken cancellationToken = default);
}

/// <param name="Items">The store may hold on to this array until the write is done: a writer hands over an array it no longer changes.</param>
/// <param name="Slot">Kept by the writer across writes of the same user: a store may remember the feed's place in it (never needed for correctness).</param>
public sealed record FeedWrite(string UserId, FeedItem[] Items, FeedSlot? Slot = null);

/// <param name="Items">In feed order.</param>
/// <param name="Total">How many entries the whole feed has.</param>
public sealed record StoredFeedPage(IReadOnlyList<FeedItem> Items, int Total);
