namespace Recommender.Grains.Topics;

[GenerateSerializer, Alias("recommender.TopicDirectoryState")]
public sealed class TopicDirectoryState
{
    [Id(0)] public Dictionary<string, float[]> Vectors { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public long Version { get; set; }
    /// <summary>Each topic's encoder (absent: the legacy encoder).</summary>
    [Id(2)] public Dictionary<string, string> Encoders { get; set; } = new(StringComparer.Ordinal);
}
