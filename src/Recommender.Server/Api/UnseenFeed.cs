// GetFeed with unseen_only: which of a feed's papers the user has seen (RecordImpressions), so the
// feed reader leaves them out. Page tokens name papers, not places, so impressions recorded
// between two pages neither shift nor skip anything; `total` counts the unseen papers.
using Recommender.Storage.Seen;

namespace Recommender.Server.Api;

public sealed class UnseenFeed(ISeenStore seen)
{
    /// <summary>Given a feed's paper ids, the ones <paramref name="userId"/> has seen.</summary>
    public Func<IReadOnlyList<string>, Task<IReadOnlySet<string>>> SeenFilter(string userId, CancellationToken cancellationToken) =>
        paperIds => seen.SeenAmongAsync(userId, paperIds, cancellationToken);
}
