using Recommender.Abstractions.Papers;

namespace Recommender.Abstractions.Topics;

/// <summary>What a new subscriber receives: the topic's vector and its recent papers.</summary>
[GenerateSerializer, Immutable, Alias("recommender.TopicSnapshot")]
public sealed record TopicSnapshot
{
    [Id(0)] public required float[] Vector { get; init; }
    [Id(1)] public IReadOnlyList<RoutedPaper> RecentPapers { get; init; } = [];
    [Id(2)] public string Encoder { get; init; } = "";
}
