namespace Recommender.Grains.Topics;

[GenerateSerializer, Alias("recommender.TopicDirectoryState")]
public sealed class TopicDirectoryState
{
    [Id(0)] public Dictionary<string, float[]> Vectors { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public long Version { get; set; }
}
