using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;

namespace Recommender.Grains.Topics;

[GenerateSerializer, Alias("recommender.TopicState")]
public sealed class TopicState
{
    [Id(0)] public TopicDefinition? Definition { get; set; }
    [Id(1)] public float[] Vector { get; set; } = [];
    /// <summary>Newest first, at most <see cref="RecommenderOptions.TopicRecentPapers"/>.</summary>
    [Id(2)] public List<RoutedPaper> RecentPapers { get; set; } = [];
    [Id(3)] public int PaperCount { get; set; }
    /// <summary>Each subscriber's ranking inputs, so one batched ranker call scores them all.</summary>
    [Id(4)] public Dictionary<string, SubscriberProfile> Subscribers { get; set; } = new(StringComparer.Ordinal);
}
