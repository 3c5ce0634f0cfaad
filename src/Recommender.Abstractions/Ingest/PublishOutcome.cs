using Recommender.Abstractions.Papers;

namespace Recommender.Abstractions.Ingest;

/// <summary>What became of one published paper.</summary>
[GenerateSerializer, Immutable, Alias("recommender.PublishOutcome")]
public sealed record PublishOutcome
{
    [Id(0)] public required string PaperId { get; init; }
    [Id(1)] public PublishStatus Status { get; init; }
    [Id(2)] public string Reason { get; init; } = "";
    [Id(3)] public string DuplicateOf { get; init; } = "";
    [Id(4)] public IReadOnlyList<TopicMatch> Topics { get; init; } = [];
}
