namespace Recommender.Abstractions.Topics;

/// <summary>A topic's current vector, used to route papers.</summary>
[GenerateSerializer, Immutable, Alias("recommender.TopicVector")]
public sealed record TopicVector
{
    [Id(0)] public required string TopicId { get; init; }
    [Id(1)] public required float[] Vector { get; init; }
    /// <summary>The encoder of <see cref="Vector"/>; a paper is routed only to topics of its own encoder.</summary>
    [Id(2)] public string Encoder { get; init; } = "";
}
