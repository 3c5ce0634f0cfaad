namespace Recommender.Abstractions.Papers;

/// <summary>A paper's metadata as published.</summary>
[GenerateSerializer, Immutable, Alias("recommender.PaperRecord")]
public sealed record PaperRecord
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Title { get; init; }
    [Id(2)] public required string Abstract { get; init; }
    [Id(3)] public IReadOnlyList<string> Authors { get; init; } = [];
    [Id(4)] public int AuthorCount { get; init; }
    [Id(5)] public DateTimeOffset? PublishedAt { get; init; }
    [Id(6)] public int Upvotes { get; init; }
    [Id(7)] public string Url { get; init; } = "";
    [Id(8)] public IReadOnlyList<string> Categories { get; init; } = [];

    public PaperSummary ToSummary() => new()
    {
        Id = Id,
        Title = Title,
        Authors = Authors.Take(PaperSummary.MaxAuthors).ToArray(),
        AuthorCount = Math.Max(AuthorCount, Authors.Count),
        PublishedAt = PublishedAt,
        Upvotes = Upvotes,
        Url = Url,
        Categories = Categories,
    };
}
