// Turns compact feed items back into what clients see: the paper's summary, per-head scores,
// the reasons it is there and the ranker version. On every feed read, so nothing is formatted twice.
using System.Collections.Concurrent;
using Recommender.Abstractions.Feeds;
using Recommender.Grains.Papers;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Feeds;

public static class FeedEntries
{
    /// <summary>Similarity to the user's interests from which it counts as a reason.</summary>
    public const float InterestReasonThreshold = 0.3f;

    private static readonly ConcurrentDictionary<Half, string> InterestReasons = new();

    public static FeedEntry ToEntry(FeedItem item, PaperCard card)
    {
        var ranker = RankerTags.DescriptorOf(item.Details.RankerTag);
        var perTask = new Dictionary<string, float>(ranker.TaskNames.Count);
        for (var t = 0; t < Math.Min(ranker.TaskNames.Count, TaskScores.Capacity); t++)
        {
            perTask[ranker.TaskNames[t]] = (float)item.Details.Scores[t];
        }
        return new FeedEntry
        {
            Paper = card.Summary,
            Score = item.Score,
            TaskScores = perTask,
            Reasons = Reasons(item.Details, card),
            RankerVersion = ranker.Version,
        };
    }

    private static string[] Reasons(FeedDetails details, PaperCard card)
    {
        var reasons = new List<string>(card.Topics.Count + 1);
        // Strongest topic first.
        foreach (var i in card.TopicsByStrength)
        {
            if ((details.FollowedTopicMask & (1 << i)) != 0)
            {
                reasons.Add(card.TopicReasons[i]);
            }
        }
        var interest = details.InterestSimilarity;
        if ((float)interest >= InterestReasonThreshold)
        {
            reasons.Add(InterestReasons.GetOrAdd(interest, similarity => $"close to your interests ({(float)similarity:0.00})"));
        }
        return reasons.ToArray();
    }
}
