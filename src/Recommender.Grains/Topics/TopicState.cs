using Recommender.Abstractions.Topics;

namespace Recommender.Grains.Topics;

/// <remarks>
/// The topic's papers live in the paper store (ids 2 and 3 retired), its subscribers in the
/// subscription store (id 4 retired): neither is rewritten when papers arrive or users follow.
/// </remarks>
[GenerateSerializer, Alias("recommender.TopicState")]
public sealed class TopicState
{
    [Id(0)] public TopicDefinition? Definition { get; set; }
    [Id(1)] public float[] Vector { get; set; } = [];
    /// <summary>The encoder of <see cref="Vector"/> (empty in states older than the field: the legacy encoder).</summary>
    [Id(2)] public string Encoder { get; set; } = "";
}
