// How feedback moves a user's interest vectors: positive kinds pull the interest toward
// the paper (stronger for stronger signals); HIDE pushes it away and feeds the negative vector.
// The weights are Ranking's InterestWeights, which the training simulator uses too.
using Recommender.Abstractions.Users;
using Recommender.Ranking.Clustering;

namespace Recommender.Grains.Users;

public static class InterestUpdates
{
    public const float FollowWeight = InterestWeights.Follow;
    public const float SeedWeight = InterestWeights.Seed;

    public static float InterestWeight(FeedbackKind kind) => kind switch
    {
        FeedbackKind.Click => InterestWeights.Click,
        FeedbackKind.Upvote => InterestWeights.Upvote,
        FeedbackKind.Save => InterestWeights.Save,
        FeedbackKind.Hide => InterestWeights.Hide,
        _ => 0f,
    };

    public static bool IsPositive(FeedbackKind kind) => kind != FeedbackKind.Hide;
}
