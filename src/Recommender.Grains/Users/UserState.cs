using Recommender.Abstractions.Users;

namespace Recommender.Grains.Users;

/// <remarks>What only the user knows. The feed is derived data and lives in the feed store (id 6 retired).</remarks>
[GenerateSerializer, Alias("recommender.UserState")]
public sealed class UserState
{
    [Id(0)] public UserProfile? Profile { get; set; }
    [Id(1)] public List<string> FollowedTopics { get; set; } = [];
    [Id(2)] public float[] Interest { get; set; } = [];
    [Id(3)] public float[] Negative { get; set; } = [];
    [Id(4)] public int PositiveFeedback { get; set; }
    [Id(5)] public HashSet<string> Hidden { get; set; } = new(StringComparer.Ordinal);
    [Id(7)] public int FeedbackCount { get; set; }
    [Id(8)] public HashSet<string> SeededFrom { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Version of the ranking inputs (interest, negative, follows, hidden) that topics hold a copy of.</summary>
    [Id(9)] public long InputsVersion { get; set; }
}
