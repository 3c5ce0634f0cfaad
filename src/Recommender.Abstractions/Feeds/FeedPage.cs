namespace Recommender.Abstractions.Feeds;

/// <summary>A slice of a ranked feed.</summary>
[GenerateSerializer, Immutable, Alias("recommender.FeedPage")]
public sealed record FeedPage
{
    [Id(0)] public IReadOnlyList<FeedEntry> Entries { get; init; } = [];
    [Id(1)] public int Total { get; init; }
    [Id(2)] public string RankerVersion { get; init; } = "";
}
