namespace Recommender.Abstractions.Topics;

/// <summary>A topic's current vector, used to route papers.</summary>
[GenerateSerializer, Immutable, Alias("recommender.TopicVector")]
public sealed record TopicVector
{
    [Id(0)] public required string TopicId { get; init; }
    [Id(1)] public required float[] Vector { get; init; }
}
