// Asks the CPU to load what a page's items show (each card's wire summary, its strings, its reasons)
// before the items are built and serialized. At 100,000 users these are cold: serializing item after
// item waited for each object's cache miss in turn; asked for together, the misses overlap.
using Recommender.Grains.Papers;
using Recommender.Ranking.Embedding;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

internal static class PagePrefetch
{
    /// <summary>Two short passes over the page's cards: their objects first, then the strings those objects point to.</summary>
    public static void Prefetch(IReadOnlyList<PaperCard> cards, FeedExploration.Slot[] slots)
    {
        foreach (var slot in slots)
        {
            var card = cards[slot.Index];
            CacheLines.Prefetch(card.Shown);
            CacheLines.Prefetch(card.TopicReasons);
        }
        foreach (var slot in slots)
        {
            var card = cards[slot.Index];
            if (card.Shown is V1.PaperSummary summary)
            {
                CacheLines.Prefetch(summary.Id.AsSpan());
                CacheLines.Prefetch(summary.Title.AsSpan());
                CacheLines.Prefetch(summary.Url.AsSpan());
                CacheLines.Prefetch(summary.Authors);
            }
            foreach (var reason in card.TopicReasons)
            {
                CacheLines.Prefetch(reason.AsSpan());
            }
        }
    }
}
