namespace Recommender.Abstractions.Papers;

/// <summary>What feeds and topics show of a paper (no abstract).</summary>
[GenerateSerializer, Immutable, Alias("recommender.PaperSummary")]
public sealed record PaperSummary
{
    public const int MaxAuthors = 8;

    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Title { get; init; }
    [Id(2)] public IReadOnlyList<string> Authors { get; init; } = [];
    [Id(3)] public int AuthorCount { get; init; }
    [Id(4)] public DateTimeOffset? PublishedAt { get; init; }
    [Id(5)] public int Upvotes { get; init; }
    [Id(6)] public string Url { get; init; } = "";
    [Id(7)] public IReadOnlyList<string> Categories { get; init; } = [];
}
