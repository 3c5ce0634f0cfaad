namespace Recommender.Abstractions.Papers;

/// <summary>A topic a paper was routed to, with the paper's similarity to the topic.</summary>
[GenerateSerializer, Immutable, Alias("recommender.TopicMatch")]
public sealed record TopicMatch
{
    [Id(0)] public required string TopicId { get; init; }
    [Id(1)] public float Similarity { get; init; }
}
