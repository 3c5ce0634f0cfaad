// Scores (user, paper) pairs in one ranker call and turns the scores into compact feed items.
// Topics use it for fan-out, users for rebuilds: one definition of a score.
using System.Buffers;
using System.Numerics.Tensors;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;
using Recommender.Grains.Feeds;
using Recommender.Grains.Telemetry;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;
using Recommender.Storage.Feeds;

namespace Recommender.Grains.Scoring;

public sealed class FeedScorer(RankerVariants variants, RecommenderMetrics metrics)
{
    public RankerVariants Variants => variants;

    /// <summary>The ranker now serving a variant; take it once per batch, so a swap never splits a batch.</summary>
    public IRanker RankerOf(int variant) => variants.All[variant].Source.Current;

    /// <summary>The tag of the ranker now serving a variant, so thresholds and feeds of another ranker can be told apart.</summary>
    public ushort TagOf(int variant) => RankerTags.Of(RankerOf(variant).Descriptor);

    /// <summary>
    /// Whether every entry of a stored feed was scored by the ranker serving the user's variant now. A feed
    /// that holds another ranker's entries (a model was promoted, or its file changed) must be re-scored
    /// whole before it is served, never shown with old and new scores mixed.
    /// </summary>
    public bool IsCurrent(string userId, IReadOnlyList<FeedItem> items)
    {
        var tag = TagOf(variants.IndexOf(userId));
        foreach (var item in items)
        {
            if (item.Details.RankerTag != tag)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The ranker now serving the user's variant.</summary>
    public IRanker RankerFor(string userId) => RankerOf(variants.IndexOf(userId));

    /// <summary>Scores every pair of one user with <paramref name="ranker"/>.</summary>
    public FeedItem[] Score(IRanker ranker, UserSignals user, IReadOnlyList<RoutedPaper> papers)
    {
        var items = new FeedItem[papers.Count];
        Score(ranker, [user], papers, items);
        return items;
    }

    /// <summary>Scores every (user, paper) pair with <paramref name="ranker"/> into <paramref name="items"/>, row-major: users × papers.</summary>
    public void Score(IRanker ranker, IReadOnlyList<UserSignals> users, IReadOnlyList<RoutedPaper> papers, Span<FeedItem> items)
    {
        var tag = RankerTags.Of(ranker.Descriptor);
        var taskCount = ranker.Descriptor.TaskNames.Count;
        var width = PairFeatures.Count;
        var rows = users.Count * papers.Count;
        var features = ArrayPool<float>.Shared.Rent(Math.Max(1, rows * width));
        var taskScores = ArrayPool<float>.Shared.Rent(Math.Max(1, rows * taskCount));
        var combined = ArrayPool<float>.Shared.Rent(Math.Max(1, rows));
        try
        {
            var masks = new byte[rows];
            WriteFeatures(users, papers, features, masks);
            if (rows > 0)
            {
                metrics.PairsScored(rows);
                ranker.Score(features.AsMemory(0, rows * width), rows, taskScores.AsMemory(0, rows * taskCount), combined.AsMemory(0, rows));
            }
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
                    // Topics fan out to their followers; a rebuild marks the papers other sources brought.
                    var details = new FeedDetails(tag, masks[row], FeedSource.FollowedTopic, (Half)features[row * width], scores);
                    items[row] = new FeedItem(papers[p].Position, combined[row], details);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(features);
            ArrayPool<float>.Shared.Return(taskScores);
            ArrayPool<float>.Shared.Return(combined);
        }
    }

    /// <summary>
    /// Feature rows (and followed-topic masks) for every pair: each vector's norm is taken once,
    /// and each user's follows are looked up once per topic of the batch, not once per pair.
    /// </summary>
    private static void WriteFeatures(IReadOnlyList<UserSignals> users, IReadOnlyList<RoutedPaper> papers, float[] features, byte[] masks)
    {
        var width = PairFeatures.Count;
        // Per paper, once per batch: its signals, its norm, and the batch-wide index of each of its topics. Loops,
        // not LINQ: a feed rebuild scores a few hundred papers for one user, and these tables were a tenth of the
        // garbage of registering users (an allocation trace).
        var signals = new PaperSignals[papers.Count];
        var paperNorms = new float[papers.Count];
        var paperTopics = new int[papers.Count][];
        var topicIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var topicIds = new List<string>();
        for (var p = 0; p < papers.Count; p++)
        {
            var paper = papers[p];
            signals[p] = Signals(paper);
            paperNorms[p] = TensorPrimitives.Norm(paper.Vector);
            var topics = paper.Topics;
            var indexes = new int[topics.Count];
            for (var t = 0; t < indexes.Length; t++)
            {
                if (!topicIndex.TryGetValue(topics[t].TopicId, out indexes[t]))
                {
                    topicIndex[topics[t].TopicId] = indexes[t] = topicIds.Count;
                    topicIds.Add(topics[t].TopicId);
                }
            }
            paperTopics[p] = indexes;
        }
        var followed = new bool[topicIds.Count];
        // Each user's half-precision vectors in single precision, converted once per user rather than once per pair.
        var interestBuffer = new float[users.Count == 0 ? 0 : users.Max(u => u.Interests is { } set ? set.Count * set.Dimension : u.Interest.Length)];
        var negativeBuffer = new float[users.Count == 0 ? 0 : users.Max(u => u.Negative.Length)];
        for (var u = 0; u < users.Count; u++)
        {
            var user = users[u];
            for (var t = 0; t < topicIds.Count; t++)
            {
                followed[t] = user.FollowedTopics.Contains(topicIds[t]);
            }
            // Several interests (packed, unit length): the best cosine over them; else the single vector's cosine.
            var interests = user.Interests;
            var interest = interestBuffer.AsSpan(0, interests is null ? user.Interest.Length : interests.Count * interests.Dimension);
            if (interests is null)
            {
                user.Interest.CopyTo(interest);
            }
            else
            {
                interests.CopyTo(interest);
            }
            var negative = negativeBuffer.AsSpan(0, user.Negative.Length);
            user.Negative.CopyTo(negative);
            for (var p = 0; p < papers.Count; p++)
            {
                var vector = papers[p].Vector;
                var row = u * papers.Count + p;
                var (overlap, mask) = Overlap(papers[p], paperTopics[p], followed);
                masks[row] = mask;
                // A user's vectors and a paper's vector from two encoders are never compared.
                var comparable = PairFeatures.Comparable(user.Encoder, signals[p].Encoder);
                PairFeatures.Write(user, signals[p],
                    !comparable ? 0f
                        : interests is null ? VectorMath.Cosine(interest, user.Interest.Norm, vector, paperNorms[p])
                        : InterestSet.Similarity(interest, interests.Dimension, vector, paperNorms[p]),
                    comparable ? VectorMath.Cosine(negative, user.Negative.Norm, vector, paperNorms[p]) : 0f,
                    overlap, features.AsSpan(row * width, width));
            }
        }
    }

    /// <summary>What <see cref="PairFeatures.Overlap"/> computes, from the user's follows of the batch's topics; plus the followed-topic mask.</summary>
    private static (TopicOverlap, byte) Overlap(RoutedPaper paper, int[] topics, bool[] followed)
    {
        var best = 0f;
        var matches = 0;
        var mask = 0;
        for (var i = 0; i < topics.Length; i++)
        {
            if (followed[topics[i]])
            {
                matches++;
                best = MathF.Max(best, paper.Topics[i].Similarity);
                mask |= i < 8 ? 1 << i : 0;
            }
        }
        return (new TopicOverlap(best, matches), (byte)mask);
    }

    public static PaperSignals Signals(RoutedPaper paper)
    {
        var topics = new TopicSimilarity[paper.Topics.Count];
        for (var t = 0; t < topics.Length; t++)
        {
            topics[t] = new TopicSimilarity(paper.Topics[t].TopicId, paper.Topics[t].Similarity);
        }
        return new(paper.Vector, paper.Summary.Upvotes, paper.AgeDays, topics, EncoderIds.Of(paper.Encoder));
    }
}
