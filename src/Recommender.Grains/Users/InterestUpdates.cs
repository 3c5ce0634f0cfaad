// How feedback moves a user's interest vectors: positive kinds pull the interest toward
// the paper (stronger for stronger signals); HIDE pushes it away and feeds the negative vector.
using Recommender.Abstractions.Users;

namespace Recommender.Grains.Users;

public static class InterestUpdates
{
    public const float FollowWeight = 1f;
    public const float SeedWeight = 1f;

    public static float InterestWeight(FeedbackKind kind) => kind switch
    {
        FeedbackKind.Click => 0.15f,
        FeedbackKind.Upvote => 0.3f,
        FeedbackKind.Save => 0.4f,
        FeedbackKind.Hide => -0.3f,
        _ => 0f,
    };

    public static bool IsPositive(FeedbackKind kind) => kind != FeedbackKind.Hide;
}
