namespace Recommender.Abstractions.Topics;

/// <summary>What defines a topic: a name, keywords and seed papers.</summary>
[GenerateSerializer, Immutable, Alias("recommender.TopicDefinition")]
public sealed record TopicDefinition
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public IReadOnlyList<string> Keywords { get; init; } = [];
    [Id(3)] public IReadOnlyList<string> SeedPaperIds { get; init; } = [];
}
