// How a user's several interests are kept online: each of the user's own papers (seed, keywords,
// positive feedback) joins the nearest interest when close enough, else opens a new one; when that
// would pass the cap, the two closest groups merge (Ward's criterion, the new paper counting as a group).
using System.Numerics.Tensors;
using Recommender.Abstractions.Topics;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;

namespace Recommender.Grains.Users;

/// <param name="Capacity">Interests kept at most; 1 or less keeps none (the single mean interest serves alone).</param>
/// <param name="SplitSimilarity">A paper less similar than this to every interest opens a new one.</param>
public readonly record struct InterestClustering(int Capacity, float SplitSimilarity)
{
    public static InterestClustering From(RecommenderOptions options) => new(options.InterestVectors, options.InterestSplitSimilarity);
}

public static class InterestCentroids
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

    /// <summary>The interests after taking in <paramref name="vector"/> with <paramref name="weight"/> (positive only; anything else changes nothing).</summary>
    public static IReadOnlyList<InterestCentroid> Add(IReadOnlyList<InterestCentroid> interests, ReadOnlySpan<float> vector, float weight, InterestClustering settings)
    {
        var norm = vector.Length == 0 ? 0f : TensorPrimitives.Norm(vector);
        var dimension = vector.Length;
        if (settings.Capacity <= 1 || weight <= 0f || norm <= 0f || interests.Any(c => c.Vector.Length != dimension))
        {
            return settings.Capacity <= 1 ? [] : interests;
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
            groups[nearest] = Merge(groups[nearest], new InterestCentroid { Vector = unit, Weight = weight });
            return groups;
        }
        groups.Add(new InterestCentroid { Vector = unit, Weight = weight });
        while (groups.Count > settings.Capacity)
        {
            MergeClosestPair(groups);
        }
        return groups;
    }

    /// <summary>
    /// The vectors recall probes with, heaviest first: the interests that gathered <see cref="MinWeight"/>, or else
    /// the single mean interest (users who only follow topics, rows older than the interests); empty without either.
    /// </summary>
    public static IReadOnlyList<float[]> ForRecall(SubscriberProfile profile)
    {
        var active = profile.Interests.Where(c => c.Weight >= MinWeight).OrderByDescending(c => c.Weight).Select(c => c.Vector).ToArray();
        return active.Length > 0 ? active : profile.Interest.Length > 0 ? [profile.Interest] : [];
    }

    /// <summary>The interests scoring takes the best cosine over, or null when the single mean interest serves (as before there were several).</summary>
    public static InterestSet? ForScoring(SubscriberProfile profile) =>
        profile.Interests.Any(c => c.Weight >= MinWeight) ? InterestSet.Of(ForRecall(profile)) : null;

    /// <summary>
    /// A profile saved before interests were kept, whose mean interest came from the user's own papers (<paramref name="hasOwnSignals"/>):
    /// the mean becomes the first interest, so the next paper adds a second one instead of replacing what the mean knew.
    /// </summary>
    public static SubscriberProfile Migrated(SubscriberProfile profile, bool hasOwnSignals, InterestClustering settings) =>
        profile.Interests.Count == 0 && hasOwnSignals && settings.Capacity > 1 && TensorPrimitives.Norm(profile.Interest) > 0f
            ? profile with { Interests = [new InterestCentroid { Vector = Unit(profile.Interest), Weight = 1f }] }
            : profile;

    /// <summary>
    /// Merges the pair whose merge adds the least spread: Ward's cost wa·wb/(wa+wb)·(1 − cos). A light stray paper
    /// joins its nearest group rather than forcing two heavy, distinct interests into one blur.
    /// </summary>
    private static void MergeClosestPair(List<InterestCentroid> groups)
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

    private static InterestCentroid Merge(InterestCentroid a, InterestCentroid b)
    {
        var sum = new float[a.Vector.Length];
        TensorPrimitives.Multiply(a.Vector, a.Weight, sum);
        TensorPrimitives.MultiplyAdd(b.Vector, b.Weight, sum, sum);
        VectorMath.NormalizeInPlace(sum);
        return new InterestCentroid { Vector = sum, Weight = MathF.Min(a.Weight + b.Weight, MaxWeight) };
    }

    private static float[] Unit(float[] vector)
    {
        var unit = vector.ToArray();
        VectorMath.NormalizeInPlace(unit);
        return unit;
    }
}
