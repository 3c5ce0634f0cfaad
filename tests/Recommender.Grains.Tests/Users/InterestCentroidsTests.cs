// A user's several interests as the grains keep them: the shared rule (tested in Ranking) over the grains'
// records, which interests serve recall and scoring, and profiles saved before there were several.
using Recommender.Abstractions.Topics;
using Recommender.Grains.Users;
using Recommender.Ranking.Clustering;
using Recommender.Ranking.Embedding;

namespace Recommender.Grains.Tests.Users;

public sealed class InterestCentroidsTests
{
    private static readonly InterestClustering Three = InterestClustering.Default;

    private static readonly float[] X = [1f, 0f, 0f, 0f];
    private static readonly float[] Y = [0f, 1f, 0f, 0f];
    private static readonly float[] Z = [0f, 0f, 1f, 0f];
    private static readonly float[] W = [0f, 0f, 0f, 1f];

    private static IReadOnlyList<InterestCentroid> AddAll(InterestClustering settings, params (float[] Vector, float Weight)[] papers) =>
        papers.Aggregate((IReadOnlyList<InterestCentroid>)[], (interests, paper) => InterestCentroids.Add(interests, paper.Vector, paper.Weight, settings));

    private static float[] Near(float[] axis, float[] other) => [.. axis.Zip(other, (a, b) => a + 0.3f * b)];

    [Fact]
    public void The_grains_records_follow_the_shared_rule_and_stay_the_same_list_when_nothing_changes()
    {
        var interests = AddAll(Three, (Near(X, Z), 1f), (Near(Y, Z), 1f), (Near(X, W), 0.4f));

        Assert.Equal(2, interests.Count);
        Assert.Equal(1.4f, Assert.Single(interests, c => VectorMath.Cosine(c.Vector, X) > 0.9f).Weight, 5);
        Assert.Equal(1f, Assert.Single(interests, c => VectorMath.Cosine(c.Vector, Y) > 0.9f).Weight, 5);
        Assert.Same(interests, InterestCentroids.Add(interests, Y, InterestUpdates.InterestWeight(Abstractions.Users.FeedbackKind.Hide), Three));
        Assert.Empty(InterestCentroids.Add(interests, Y, 1f, new InterestClustering(1, 0.35f)));
    }

    [Fact]
    public void The_settings_come_from_the_options_whose_defaults_are_the_ones_training_replays()
    {
        Assert.Equal(InterestClustering.Default, InterestCentroids.Settings(new RecommenderOptions()));
        Assert.Equal(new InterestClustering(2, 0.5f), InterestCentroids.Settings(new RecommenderOptions { InterestVectors = 2, InterestSplitSimilarity = 0.5f }));
    }

    [Fact]
    public void Recall_and_scoring_take_the_interests_that_gathered_enough_heaviest_first_else_the_mean()
    {
        var profile = new SubscriberProfile
        {
            UserId = "u",
            Interest = [0.5f, 0.5f, 0f, 0f],
            Interests = [new() { Vector = Y, Weight = 1f }, new() { Vector = Z, Weight = 0.15f }, new() { Vector = X, Weight = 2f }],
        };

        Assert.Equal([X, Y], InterestCentroids.ForRecall(profile));
        Assert.Equal(2, InterestCentroids.ForScoring(profile)!.Count);

        var onlyStray = profile with { Interests = [new() { Vector = Z, Weight = 0.3f }] };
        Assert.Equal([onlyStray.Interest], InterestCentroids.ForRecall(onlyStray));
        Assert.Null(InterestCentroids.ForScoring(onlyStray));
        Assert.Empty(InterestCentroids.ForRecall(new SubscriberProfile { UserId = "new", Interest = [] }));
    }

    [Fact]
    public void A_profile_saved_before_several_interests_starts_them_from_its_mean_only_if_the_mean_came_from_the_users_own_papers()
    {
        var old = new SubscriberProfile { UserId = "u", Interest = [3f, 4f, 0f, 0f] };

        var migrated = InterestCentroids.Migrated(old, hasOwnSignals: true, Three);

        var first = Assert.Single(migrated.Interests);
        Assert.Equal([0.6f, 0.8f, 0f, 0f], first.Vector);
        Assert.Empty(InterestCentroids.Migrated(old, hasOwnSignals: false, Three).Interests);
        Assert.Same(migrated, InterestCentroids.Migrated(migrated, hasOwnSignals: true, Three));
    }
}
