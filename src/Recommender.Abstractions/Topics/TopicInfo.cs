using Recommender.Abstractions.Papers;

namespace Recommender.Abstractions.Topics;

/// <summary>A topic as clients see it.</summary>
[GenerateSerializer, Immutable, Alias("recommender.TopicInfo")]
public sealed record TopicInfo
{
    [Id(0)] public required TopicDefinition Definition { get; init; }
    [Id(1)] public int SubscriberCount { get; init; }
    [Id(2)] public int PaperCount { get; init; }
    [Id(3)] public IReadOnlyList<PaperSummary> RecentPapers { get; init; } = [];
    /// <summary>The encoder of the topic's vector (<see cref="EncoderIds"/>).</summary>
    [Id(4)] public string Encoder { get; init; } = "";
}
