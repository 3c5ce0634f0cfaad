// Turns compact feed items back into what clients see: the paper's summary, per-head scores,
// the reasons it is there and the ranker version. On every feed read, so nothing is formatted twice.
using System.Collections.Concurrent;
using Recommender.Abstractions.Feeds;
using Recommender.Grains.Papers;
using Recommender.Ranking.Scoring;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Feeds;

public static class FeedEntries
{
    /// <summary>Similarity to the user's interests from which it counts as a reason.</summary>
    public const float InterestReasonThreshold = 0.3f;

    private static readonly ConcurrentDictionary<Half, string> InterestReasons = new();
    private static readonly ConcurrentDictionary<int, string> TrendingReasons = new();

    public static FeedEntry ToEntry(FeedItem item, PaperCard card)
    {
        var ranker = RankerTags.DescriptorOf(item.Details.RankerTag);
        var perTask = new Dictionary<string, float>(ranker.TaskNames.Count);
        AddTaskScores(ranker, item.Details, perTask);
        var reasons = new List<string>(card.Topics.Count + 1);
        AddReasons(item.Details, card, reasons);
        return new FeedEntry
        {
            Paper = card.Summary,
            Score = item.Score,
            TaskScores = perTask,
            Reasons = reasons.ToArray(),
            RankerVersion = ranker.Version,
            Source = SourceOf(item.Details),
        };
    }

    /// <summary>Each head's score by the head's name, into <paramref name="scores"/> (a feed entry's dictionary, or a wire message's map).</summary>
    public static void AddTaskScores(RankerDescriptor ranker, FeedDetails details, IDictionary<string, float> scores)
    {
        for (var t = 0; t < Math.Min(ranker.TaskNames.Count, TaskScores.Capacity); t++)
        {
            scores[ranker.TaskNames[t]] = (float)details.Scores[t];
        }
    }

    /// <summary>The entry's source; entries stored before sources existed came from followed topics.</summary>
    public static FeedSource SourceOf(FeedDetails details) =>
        details.Source == FeedSource.Unspecified ? FeedSource.FollowedTopic : details.Source;

    /// <summary>Why the paper is in the feed, strongest first, appended to <paramref name="reasons"/> (a list, or a wire message's repeated field).</summary>
    public static void AddReasons(FeedDetails details, PaperCard card, ICollection<string> reasons)
    {
        // Strongest topic first.
        foreach (var i in card.TopicsByStrength)
        {
            if ((details.FollowedTopicMask & (1 << i)) != 0)
            {
                reasons.Add(card.TopicReasons[i]);
            }
        }
        var interest = details.InterestSimilarity;
        // An interest-recalled paper is there for its closeness, however small.
        if ((float)interest >= InterestReasonThreshold || details.Source == FeedSource.Interest)
        {
            reasons.Add(InterestReasons.GetOrAdd(interest, similarity => $"close to your interests ({(float)similarity:0.00})"));
        }
        if (details.Source == FeedSource.Trending)
        {
            reasons.Add(TrendingReasons.GetOrAdd(card.Summary.Upvotes, upvotes => $"trending ({upvotes} upvotes)"));
        }
    }
}
