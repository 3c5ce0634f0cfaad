using Recommender.Abstractions.Feeds;

namespace Recommender.Grains.Feeds;

public static class FeedPages
{
    /// <summary>A page of an ordered feed; the ranker version is that of the page's first entry.</summary>
    public static FeedPage Slice(IReadOnlyList<FeedEntry> ordered, int offset, int count)
    {
        var entries = ordered.Skip(offset).Take(count).ToArray();
        return new FeedPage
        {
            Entries = entries,
            Total = ordered.Count,
            RankerVersion = ordered.Count > 0 ? ordered[0].RankerVersion : "",
        };
    }
}
