using Recommender.Abstractions.Papers;

namespace Recommender.Grains.Papers;

[GenerateSerializer, Alias("recommender.PaperState")]
public sealed class PaperState
{
    [Id(0)] public StoredPaper? Paper { get; set; }
}
