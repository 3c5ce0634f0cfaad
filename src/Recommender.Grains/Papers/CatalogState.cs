namespace Recommender.Grains.Papers;

[GenerateSerializer, Alias("recommender.CatalogState")]
public sealed class CatalogState
{
    /// <summary>Ids in each full or filling segment, by segment number.</summary>
    [Id(0)] public List<int> SegmentCounts { get; set; } = [];
}
