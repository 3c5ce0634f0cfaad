// A user's several interests as the grains keep them (serialized InterestCentroid records); the rule that
// keeps them lives in Ranking's InterestClusters, which training replays, so served and trained interests agree.
using System.Numerics.Tensors;
using Recommender.Abstractions.Topics;
using Recommender.Ranking.Clustering;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;

namespace Recommender.Grains.Users;

public static class InterestCentroids
{
    /// <inheritdoc cref="InterestClusters.MinWeight"/>
    public const float MinWeight = InterestClusters.MinWeight;

    /// <inheritdoc cref="InterestClusters.MaxWeight"/>
    public const float MaxWeight = InterestClusters.MaxWeight;

    /// <summary>The clustering settings of <paramref name="options"/>.</summary>
    public static InterestClustering Settings(RecommenderOptions options) => new(options.InterestVectors, options.InterestSplitSimilarity);

    /// <summary>The interests after taking in <paramref name="vector"/> with <paramref name="weight"/> (positive only; anything else changes nothing).</summary>
    public static IReadOnlyList<InterestCentroid> Add(IReadOnlyList<InterestCentroid> interests, ReadOnlySpan<float> vector, float weight, InterestClustering settings) =>
        InterestClusters.TryAdd(Groups(interests), vector, weight, settings, out var result)
            ? result.Select(g => new InterestCentroid { Vector = g.Vector, Weight = g.Weight }).ToArray()
            : interests;

    /// <inheritdoc cref="InterestClusters.ForRecall"/>
    public static IReadOnlyList<float[]> ForRecall(SubscriberProfile profile) => InterestClusters.ForRecall(Groups(profile.Interests), profile.Interest);

    /// <inheritdoc cref="InterestClusters.ForScoring"/>
    public static InterestSet? ForScoring(SubscriberProfile profile) => InterestClusters.ForScoring(Groups(profile.Interests));

    /// <summary>
    /// A profile saved before interests were kept, whose mean interest came from the user's own papers (<paramref name="hasOwnSignals"/>):
    /// the mean becomes the first interest, so the next paper adds a second one instead of replacing what the mean knew.
    /// </summary>
    public static SubscriberProfile Migrated(SubscriberProfile profile, bool hasOwnSignals, InterestClustering settings) =>
        profile.Interests.Count == 0 && hasOwnSignals && settings.Capacity > 1 && TensorPrimitives.Norm(profile.Interest) > 0f
            ? profile with { Interests = [new InterestCentroid { Vector = Unit(profile.Interest), Weight = 1f }] }
            : profile;

    private static InterestGroup[] Groups(IReadOnlyList<InterestCentroid> interests) =>
        interests.Count == 0 ? [] : interests.Select(c => new InterestGroup(c.Vector, c.Weight)).ToArray();

    private static float[] Unit(float[] vector)
    {
        var unit = vector.ToArray();
        VectorMath.NormalizeInPlace(unit);
        return unit;
    }
}
