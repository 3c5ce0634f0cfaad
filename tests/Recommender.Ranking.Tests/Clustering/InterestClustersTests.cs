// The rule that keeps a user's several interests, shared by the service and training: joining, opening,
// merging by Ward's cost, caps, and which interests serve recall and scoring.
using Recommender.Ranking.Clustering;
using Recommender.Ranking.Embedding;

namespace Recommender.Ranking.Tests.Clustering;

public sealed class InterestClustersTests
{
    private static readonly InterestClustering Three = InterestClustering.Default;

    private static readonly float[] X = [1f, 0f, 0f, 0f];
    private static readonly float[] Y = [0f, 1f, 0f, 0f];
    private static readonly float[] Z = [0f, 0f, 1f, 0f];
    private static readonly float[] W = [0f, 0f, 0f, 1f];

    private static IReadOnlyList<InterestGroup> Add(IReadOnlyList<InterestGroup> interests, float[] vector, float weight, InterestClustering settings) =>
        InterestClusters.TryAdd(interests, vector, weight, settings, out var result) ? result : interests;

    private static IReadOnlyList<InterestGroup> AddAll(InterestClustering settings, params (float[] Vector, float Weight)[] papers) =>
        papers.Aggregate((IReadOnlyList<InterestGroup>)[], (interests, paper) => Add(interests, paper.Vector, paper.Weight, settings));

    private static float[] Near(float[] axis, float[] other) => [.. axis.Zip(other, (a, b) => a + 0.3f * b)];

    [Fact]
    public void The_default_is_the_services_three_interests_split_below_a_cosine_of_0_35()
    {
        Assert.Equal(new InterestClustering(3, 0.35f), InterestClustering.Default);
    }

    [Fact]
    public void Papers_of_two_distinct_themes_open_two_interests_each_at_the_centre_of_its_theme()
    {
        var interests = AddAll(Three, (Near(X, Z), 1f), (Near(X, W), 1f), (Near(Y, Z), 1f), (Near(X, Y), 1f), (Near(Y, W), 1f));

        Assert.Equal(2, interests.Count);
        var x = interests.Single(c => VectorMath.Cosine(c.Vector, X) > 0.9f);
        var y = interests.Single(c => VectorMath.Cosine(c.Vector, Y) > 0.9f);
        Assert.Equal(3f, x.Weight);
        Assert.Equal(2f, y.Weight);
        Assert.All(interests, c => Assert.Equal(1f, VectorMath.Cosine(c.Vector, c.Vector), 5));
    }

    [Fact]
    public void A_paper_close_to_an_interest_moves_it_toward_the_paper_by_its_share_of_the_weight()
    {
        var interests = AddAll(Three, (X, 3f), (Near(X, Y), 1f));

        var only = Assert.Single(interests);
        Assert.Equal(4f, only.Weight);
        // normalize(3·x + normalize(x + 0.3·y)): y's share is 0.3 / |x + 0.3·y| ≈ 0.287 against 3 + 0.958.
        Assert.Equal(0.287f / 3.958f, only.Vector[1] / only.Vector[0], 3);
    }

    [Fact]
    public void At_the_cap_a_light_stray_paper_joins_its_nearest_interest_instead_of_blurring_two_heavy_ones()
    {
        var full = AddAll(Three, (X, 5f), (Y, 5f), (Z, 5f));

        var after = Add(full, Near(W, X), 0.15f, Three);

        Assert.Equal(3, after.Count);
        Assert.Contains(after, c => VectorMath.Cosine(c.Vector, Y) > 0.999f);
        Assert.Contains(after, c => VectorMath.Cosine(c.Vector, Z) > 0.999f);
        var x = Assert.Single(after, c => VectorMath.Cosine(c.Vector, X) > 0.9f);
        Assert.Equal(5.15f, x.Weight, 4);
    }

    [Fact]
    public void At_the_cap_a_strong_new_theme_stays_and_the_two_closest_interests_merge()
    {
        // Three distinct slots (a high split similarity keeps x and its neighbour apart), then a seed of a fourth theme.
        var closer = AddAll(new InterestClustering(3, 0.99f), (X, 2f), (Near(X, Y), 2f), (Z, 2f));

        var after = Add(closer, W, 2f, Three);

        Assert.Equal(3, closer.Count);
        Assert.Equal(3, after.Count);
        Assert.Contains(after, c => VectorMath.Cosine(c.Vector, W) > 0.999f);
        Assert.Contains(after, c => VectorMath.Cosine(c.Vector, Z) > 0.999f);
        var merged = Assert.Single(after, c => c.Weight == 4f);
        Assert.True(merged.Vector[0] > 0.8f && merged.Vector[1] > 0.1f, "the merged interest lies between x and its neighbour");
    }

    [Fact]
    public void Hides_zero_vectors_and_other_lengths_change_nothing_and_a_cap_of_one_keeps_no_interests()
    {
        var one = AddAll(Three, (X, 1f));

        Assert.False(InterestClusters.TryAdd(one, Y, -0.3f, Three, out var unchanged));
        Assert.Same(one, unchanged);
        Assert.False(InterestClusters.TryAdd(one, [0f, 0f, 0f, 0f], 1f, Three, out _));
        Assert.False(InterestClusters.TryAdd(one, [1f, 0f], 1f, Three, out _));
        Assert.True(InterestClusters.TryAdd(one, Y, 1f, new InterestClustering(1, 0.35f), out var none));
        Assert.Empty(none);
    }

    [Fact]
    public void An_interest_stops_gaining_weight_at_the_cap_so_it_keeps_following_the_reader()
    {
        var interests = AddAll(Three, Enumerable.Repeat((X, 1f), 30).ToArray());

        Assert.Equal(InterestClusters.MaxWeight, Assert.Single(interests).Weight);
    }

    [Fact]
    public void Recall_and_scoring_take_the_interests_that_gathered_enough_heaviest_first_else_the_mean()
    {
        float[] mean = [0.5f, 0.5f, 0f, 0f];
        InterestGroup[] interests = [new(Y, 1f), new(Z, 0.15f), new(X, 2f)];

        Assert.Equal([X, Y], InterestClusters.ForRecall(interests, mean));
        Assert.Equal(2, InterestClusters.ForScoring(interests)!.Count);

        InterestGroup[] onlyStray = [new(Z, 0.3f)];
        Assert.Equal([mean], InterestClusters.ForRecall(onlyStray, mean));
        Assert.Null(InterestClusters.ForScoring(onlyStray));
        Assert.Empty(InterestClusters.ForRecall([], []));
    }
}
