using Recommender.Abstractions.Topics;

namespace Recommender.Grains.Topics;

/// <remarks>The topic's papers live in the paper store, not here: ids 2 and 3 (recent papers, paper count) are retired.</remarks>
[GenerateSerializer, Alias("recommender.TopicState")]
public sealed class TopicState
{
    [Id(0)] public TopicDefinition? Definition { get; set; }
    [Id(1)] public float[] Vector { get; set; } = [];
    /// <summary>Each subscriber's ranking inputs, so one batched ranker call scores them all.</summary>
    [Id(4)] public Dictionary<string, SubscriberProfile> Subscribers { get; set; } = new(StringComparer.Ordinal);
}
