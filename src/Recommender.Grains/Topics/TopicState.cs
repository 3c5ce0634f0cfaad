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
}
