namespace Recommender.Abstractions.Papers;

/// <summary>The catalogue's append-only list of paper ids, kept in fixed-size segments (key <c>catalog:head</c>).</summary>
[Alias("recommender.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>Appends ids not yet listed, durably.</summary>
    [Alias("Append")]
    Task Append(IReadOnlyList<string> paperIds);

    /// <summary>Up to <paramref name="count"/> ids from position <paramref name="offset"/>, and the total count.</summary>
    [Alias("Read")]
    Task<CatalogPage> Read(long offset, int count);
}

[GenerateSerializer, Immutable, Alias("recommender.CatalogPage")]
public sealed record CatalogPage
{
    [Id(0)] public required IReadOnlyList<string> PaperIds { get; init; }
    [Id(1)] public long Total { get; init; }
}
