using Recommender.Ranking.Embedding;

namespace Recommender.Ranking.Features;

/// <summary>What the ranker knows of a user.</summary>
/// <param name="Interest">Normalized interest vector (may be empty for a new user); stands in when <see cref="Interests"/> is not set.</param>
/// <param name="Negative">Normalized vector of hidden papers (may be empty).</param>
/// <param name="PositiveFeedback">Count of clicks, upvotes and saves.</param>
/// <param name="FollowedTopics">Ids of the topics the user follows.</param>
/// <param name="Encoder">The encoder of the user's vectors; empty when unknown (see <see cref="PairFeatures.Comparable"/>).</param>
/// <remarks>Both vectors are half precision (<see cref="HalfVector"/>), whichever path builds the signals, so all paths score alike.</remarks>
public readonly record struct UserSignals(
    HalfVector Interest,
    HalfVector Negative,
    int PositiveFeedback,
    IReadOnlySet<string> FollowedTopics,
    string Encoder = "")
{
    /// <summary>The user's several interests; when set, the interest similarity is the best cosine over them and <see cref="Interest"/> is not read.</summary>
    public InterestSet? Interests { get; init; }
}
