namespace Recommender.Abstractions.Topics;

/// <summary>What a new subscriber receives: the topic's vector (its interest moves toward it) and the vector's encoder.</summary>
[GenerateSerializer, Immutable, Alias("recommender.TopicSnapshot")]
public sealed record TopicSnapshot
{
    [Id(0)] public required float[] Vector { get; init; }
    // Id 1 (the topic's recent papers) is retired: the follower's feed rebuild reads the window itself, and
    // between silos the copy was serialized on every follow (the whole window, a vector per paper) for nothing.
    [Id(2)] public string Encoder { get; init; } = "";
}
