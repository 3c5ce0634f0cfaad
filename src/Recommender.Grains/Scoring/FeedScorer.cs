// Scores (user, paper) pairs in one ranker call and turns the scores into compact feed items.
// Topics use it for fan-out, users for rebuilds: one definition of a score.
using Recommender.Abstractions.Papers;
using Recommender.Grains.Feeds;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;

namespace Recommender.Grains.Scoring;

public sealed class FeedScorer(IRankerSource rankers)
{
    /// <summary>The tag of the ranker now serving, so thresholds set by another ranker can be ignored.</summary>
    public ushort CurrentTag => RankerTags.Of(rankers.Current.Descriptor);

    /// <summary>Scores every (user, paper) pair; the result is row-major: users × papers.</summary>
    public FeedItem[] Score(IReadOnlyList<UserSignals> users, IReadOnlyList<RoutedPaper> papers)
    {
        var ranker = rankers.Current;
        var tag = RankerTags.Of(ranker.Descriptor);
        var taskCount = ranker.Descriptor.TaskNames.Count;
        var width = PairFeatures.Count;
        var rows = users.Count * papers.Count;
        var features = new float[rows * width];
        var taskScores = new float[rows * taskCount];
        var combined = new float[rows];
        var signals = papers.Select(Signals).ToArray();
        for (var u = 0; u < users.Count; u++)
        {
            for (var p = 0; p < papers.Count; p++)
            {
                var row = u * papers.Count + p;
                PairFeatures.Write(users[u], signals[p], features.AsSpan(row * width, width));
            }
        }
        if (rows > 0)
        {
            ranker.Score(features, rows, taskScores, combined);
        }

        var items = new FeedItem[rows];
        for (var u = 0; u < users.Count; u++)
        {
            for (var p = 0; p < papers.Count; p++)
            {
                var row = u * papers.Count + p;
                var scores = new TaskScores();
                for (var t = 0; t < Math.Min(taskCount, TaskScores.Capacity); t++)
                {
                    scores[t] = (Half)taskScores[row * taskCount + t];
                }
                var details = new FeedDetails(tag, FollowedMask(users[u], papers[p]), (Half)features[row * width], scores);
                items[row] = new FeedItem(papers[p].Position, combined[row], details);
            }
        }
        return items;
    }

    public static PaperSignals Signals(RoutedPaper paper) => new(
        paper.Vector,
        paper.Summary.Upvotes,
        paper.AgeDays,
        paper.Topics.Select(t => new TopicSimilarity(t.TopicId, t.Similarity)).ToArray());

    private static byte FollowedMask(UserSignals user, RoutedPaper paper)
    {
        var mask = 0;
        for (var i = 0; i < Math.Min(8, paper.Topics.Count); i++)
        {
            if (user.FollowedTopics.Contains(paper.Topics[i].TopicId))
            {
                mask |= 1 << i;
            }
        }
        return (byte)mask;
    }
}
