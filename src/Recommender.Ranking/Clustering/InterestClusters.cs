// How a user's several interests are kept online, in one place for the service and for training: each of the
// user's own papers (seed, keywords, positive feedback) joins the nearest interest when close enough, else opens
// a new one; when that would pass the cap, the two closest groups merge (Ward's criterion, the new paper counting as a group).
using System.Numerics.Tensors;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;

namespace Recommender.Ranking.Clustering;

/// <summary>One interest: the unit centre of a group of the user's papers and the signal it gathered.</summary>
public readonly record struct InterestGroup(float[] Vector, float Weight);

/// <param name="Capacity">Interests kept at most; 1 or less keeps none (the single mean interest serves alone).</param>
/// <param name="SplitSimilarity">A paper less similar than this to every interest opens a new one.</param>
public readonly record struct InterestClustering(int Capacity, float SplitSimilarity)
{
    /// <summary>The service's defaults (<c>Recommender:InterestVectors</c>, <c>Recommender:InterestSplitSimilarity</c>), which training replays.</summary>
    public static readonly InterestClustering Default = new(3, 0.35f);
}

public static class InterestClusters
{
    /// <summary>
    /// An interest serves recall and scoring once it gathered this much (a seed paper or keywords at once, or two
    /// saves, or four clicks): one click on a stray paper must not take a share of the feed.
    /// </summary>
    public const float MinWeight = 0.5f;

    /// <summary>
    /// A group's weight stops growing here, so its centre keeps following the reader (a moving mean of about its
    /// last ten seeds' worth of signals) instead of freezing, and an old interest does not outweigh every merge.
    /// </summary>
    public const float MaxWeight = 10f;

    /// <summary>
    /// The interests after taking in <paramref name="vector"/> with <paramref name="weight"/>, in <paramref name="result"/>;
    /// false when nothing changes (a weight or vector that is not positive, a vector of another length).
    /// </summary>
    public static bool TryAdd(IReadOnlyList<InterestGroup> interests, ReadOnlySpan<float> vector, float weight, InterestClustering settings, out IReadOnlyList<InterestGroup> result)
    {
        result = interests;
        if (settings.Capacity <= 1)
        {
            // Several interests are off: none is kept, whatever came before.
            result = [];
            return interests.Count > 0;
        }
        var norm = vector.Length == 0 ? 0f : TensorPrimitives.Norm(vector);
        var dimension = vector.Length;
        if (weight <= 0f || norm <= 0f || interests.Any(c => c.Vector.Length != dimension))
        {
            return false;
        }
        var unit = new float[vector.Length];
        TensorPrimitives.Divide(vector, norm, unit);
        var groups = interests.ToList();
        var nearest = -1;
        var best = float.NegativeInfinity;
        for (var i = 0; i < groups.Count; i++)
        {
            var similarity = TensorPrimitives.Dot(groups[i].Vector, unit);
            if (similarity > best)
            {
                (best, nearest) = (similarity, i);
            }
        }
        if (nearest >= 0 && best >= settings.SplitSimilarity)
        {
            groups[nearest] = Merge(groups[nearest], new InterestGroup(unit, weight));
        }
        else
        {
            groups.Add(new InterestGroup(unit, weight));
            while (groups.Count > settings.Capacity)
            {
                MergeClosestPair(groups);
            }
        }
        result = groups;
        return true;
    }

    /// <summary>
    /// The vectors recall probes with, heaviest first: the interests that gathered <see cref="MinWeight"/>, or else
    /// the single <paramref name="mean"/> interest (users who only follow topics, rows older than the interests); empty without either.
    /// </summary>
    public static IReadOnlyList<float[]> ForRecall(IReadOnlyList<InterestGroup> interests, float[] mean)
    {
        var active = interests.Where(c => c.Weight >= MinWeight).OrderByDescending(c => c.Weight).Select(c => c.Vector).ToArray();
        return active.Length > 0 ? active : mean.Length > 0 ? [mean] : [];
    }

    /// <summary>The interests scoring takes the best cosine over, or null when the single mean interest serves (as before there were several).</summary>
    public static InterestSet? ForScoring(IReadOnlyList<InterestGroup> interests) =>
        interests.Any(c => c.Weight >= MinWeight) ? InterestSet.Of(ForRecall(interests, [])) : null;

    /// <summary>
    /// Merges the pair whose merge adds the least spread: Ward's cost wa·wb/(wa+wb)·(1 − cos). A light stray paper
    /// joins its nearest group rather than forcing two heavy, distinct interests into one blur.
    /// </summary>
    private static void MergeClosestPair(List<InterestGroup> groups)
    {
        var (first, second, cheapest) = (0, 1, double.PositiveInfinity);
        for (var i = 0; i < groups.Count; i++)
        {
            for (var j = i + 1; j < groups.Count; j++)
            {
                var (a, b) = (groups[i], groups[j]);
                var cost = (double)a.Weight * b.Weight / (a.Weight + b.Weight) * (1.0 - TensorPrimitives.Dot(a.Vector, b.Vector));
                if (cost < cheapest)
                {
                    (first, second, cheapest) = (i, j, cost);
                }
            }
        }
        groups[first] = Merge(groups[first], groups[second]);
        groups.RemoveAt(second);
    }

    private static InterestGroup Merge(InterestGroup a, InterestGroup b)
    {
        var sum = new float[a.Vector.Length];
        TensorPrimitives.Multiply(a.Vector, a.Weight, sum);
        TensorPrimitives.MultiplyAdd(b.Vector, b.Weight, sum, sum);
        VectorMath.NormalizeInPlace(sum);
        return new InterestGroup(sum, MathF.Min(a.Weight + b.Weight, MaxWeight));
    }
}
