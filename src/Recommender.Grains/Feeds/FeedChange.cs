using Recommender.Abstractions.Feeds;

namespace Recommender.Grains.Feeds;

/// <summary>What one offer did to a ranked feed: entries that went in, papers pushed out, and the size after.</summary>
public sealed record FeedChange(IReadOnlyList<FeedEntry> Added, IReadOnlyList<string> Removed, int Count)
{
    public bool Changed => Added.Count > 0 || Removed.Count > 0;
}
