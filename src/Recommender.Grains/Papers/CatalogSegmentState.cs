namespace Recommender.Grains.Papers;

[GenerateSerializer, Alias("recommender.CatalogSegmentState")]
public sealed class CatalogSegmentState
{
    [Id(0)] public List<string> PaperIds { get; set; } = [];
}
