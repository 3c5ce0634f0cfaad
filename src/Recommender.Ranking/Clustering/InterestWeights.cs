// How much each of a user's own signals moves the user's vectors, shared by the service (the user grain) and
// by the simulator and replay that train and evaluate the ranker, so that both derive the same interests.
namespace Recommender.Ranking.Clustering;

public static class InterestWeights
{
    /// <summary>A seed paper or seed keywords: the user said so outright.</summary>
    public const float Seed = 1f;

    /// <summary>A followed topic's vector moves the mean interest only (never one of the several interests).</summary>
    public const float Follow = 1f;

    public const float Click = 0.15f;

    public const float Upvote = 0.3f;

    public const float Save = 0.4f;

    /// <summary>A hidden paper pushes the mean interest away (the several interests ignore it).</summary>
    public const float Hide = -0.3f;

    /// <summary>How far a hidden paper moves the negative vector.</summary>
    public const float Negative = 1f;
}
