// The trending source, per silo: the hottest of the catalogue's latest papers, re-read from the
// catalogue at most every TrendingRefresh so that rebuilds (on every follow and feedback) cost no query.
using Microsoft.Extensions.Options;
using Recommender.Abstractions.Papers;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Recall;

public sealed class TrendingPapers(IPaperStore store, TimeProvider clock, IOptions<RecommenderOptions> options)
{
    private readonly SemaphoreSlim refreshing = new(1, 1);
    // A reference, so that a reader outside the lock sees a whole snapshot or the one before it.
    private Snapshot? current;

    /// <summary>The trending papers, hottest first; at most <see cref="RecommenderOptions.TrendingPapers"/>.</summary>
    public async Task<IReadOnlyList<RoutedPaper>> GetAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (settings.TrendingPapers <= 0)
        {
            return [];
        }
        if (Fresh() is { } papers)
        {
            return papers;
        }
        // One catalogue read at a time: the callers that waited take its result.
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } meanwhile)
            {
                return meanwhile;
            }
            var latest = await store.LatestAsync(settings.TrendingScanPapers, cancellationToken);
            var hottest = TrendingRank.Select(latest.Select(p => p.ToRouted()), settings.TrendingPapers);
            current = new Snapshot(hottest, clock.GetUtcNow());
            return hottest;
        }
        finally
        {
            refreshing.Release();
        }
    }

    private IReadOnlyList<RoutedPaper>? Fresh() =>
        current is { } known && clock.GetUtcNow() - known.ReadAt < options.Value.TrendingRefresh ? known.Papers : null;

    private sealed record Snapshot(IReadOnlyList<RoutedPaper> Papers, DateTimeOffset ReadAt);
}
