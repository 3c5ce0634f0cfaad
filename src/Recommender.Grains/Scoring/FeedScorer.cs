// Scores (user, paper) pairs in one ranker call and turns the scores into feed entries
// with reasons. Topics use it for fan-out, users for backfill: one definition of a score.
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;

namespace Recommender.Grains.Scoring;

public sealed class FeedScorer(IRankerSource rankers)
{
    /// <summary>Scores every pair; the result has one entry per pair, in pair order.</summary>
    public FeedEntry[] Score(IReadOnlyList<(UserSignals User, RoutedPaper Paper)> pairs)
    {
        var ranker = rankers.Current;
        var descriptor = ranker.Descriptor;
        var width = PairFeatures.Count;
        var taskCount = descriptor.TaskNames.Count;
        var features = new float[pairs.Count * width];
        var taskScores = new float[pairs.Count * taskCount];
        var combined = new float[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            PairFeatures.Write(pairs[i].User, Signals(pairs[i].Paper), features.AsSpan(i * width, width));
        }
        if (pairs.Count > 0)
        {
            ranker.Score(features, pairs.Count, taskScores, combined);
        }

        var entries = new FeedEntry[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            var perTask = new Dictionary<string, float>(taskCount);
            for (var t = 0; t < taskCount; t++)
            {
                perTask[descriptor.TaskNames[t]] = taskScores[i * taskCount + t];
            }
            entries[i] = new FeedEntry
            {
                Paper = pairs[i].Paper.Summary,
                Score = combined[i],
                TaskScores = perTask,
                Reasons = Reasons(pairs[i].User, pairs[i].Paper, features[i * width]),
                RankerVersion = descriptor.Version,
            };
        }
        return entries;
    }

    public static PaperSignals Signals(RoutedPaper paper) => new(
        paper.Vector,
        paper.Summary.Upvotes,
        paper.AgeDays,
        paper.Topics.Select(t => new TopicSimilarity(t.TopicId, t.Similarity)).ToArray());

    private static string[] Reasons(UserSignals user, RoutedPaper paper, float interestSimilarity)
    {
        var reasons = paper.Topics
            .Where(t => user.FollowedTopics.Contains(t.TopicId))
            .OrderByDescending(t => t.Similarity)
            .Select(t => $"topic:{t.TopicId} ({t.Similarity:0.00})")
            .ToList();
        if (interestSimilarity >= 0.3f)
        {
            reasons.Add($"close to your interests ({interestSimilarity:0.00})");
        }
        return reasons.ToArray();
    }
}
