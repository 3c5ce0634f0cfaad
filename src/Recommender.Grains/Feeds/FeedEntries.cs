// Turns compact feed items back into what clients see: the paper's summary, per-head scores,
// the reasons it is there and the ranker version.
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;

namespace Recommender.Grains.Feeds;

public static class FeedEntries
{
    /// <summary>Similarity to the user's interests from which it counts as a reason.</summary>
    public const float InterestReasonThreshold = 0.3f;

    public static FeedEntry ToEntry(FeedItem item, PaperSummary summary, IReadOnlyList<TopicMatch> topics)
    {
        var ranker = RankerTags.DescriptorOf(item.Details.RankerTag);
        var perTask = new Dictionary<string, float>(ranker.TaskNames.Count);
        for (var t = 0; t < Math.Min(ranker.TaskNames.Count, TaskScores.Capacity); t++)
        {
            perTask[ranker.TaskNames[t]] = (float)item.Details.Scores[t];
        }
        return new FeedEntry
        {
            Paper = summary,
            Score = item.Score,
            TaskScores = perTask,
            Reasons = Reasons(item.Details, topics),
            RankerVersion = ranker.Version,
        };
    }

    private static string[] Reasons(FeedDetails details, IReadOnlyList<TopicMatch> topics)
    {
        var reasons = topics
            .Where((_, i) => i < 8 && (details.FollowedTopicMask & (1 << i)) != 0)
            .OrderByDescending(t => t.Similarity)
            .Select(t => $"topic:{t.TopicId} ({t.Similarity:0.00})")
            .ToList();
        var interest = (float)details.InterestSimilarity;
        if (interest >= InterestReasonThreshold)
        {
            reasons.Add($"close to your interests ({interest:0.00})");
        }
        return reasons.ToArray();
    }
}
