using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Users;

namespace Recommender.Grains.Users;

[GenerateSerializer, Alias("recommender.UserState")]
public sealed class UserState
{
    [Id(0)] public UserProfile? Profile { get; set; }
    [Id(1)] public List<string> FollowedTopics { get; set; } = [];
    [Id(2)] public float[] Interest { get; set; } = [];
    [Id(3)] public float[] Negative { get; set; } = [];
    [Id(4)] public int PositiveFeedback { get; set; }
    [Id(5)] public HashSet<string> Hidden { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The last persisted copy of the feed (derived data; written with a delay).</summary>
    [Id(6)] public List<FeedEntry> Feed { get; set; } = [];
    [Id(7)] public int FeedbackCount { get; set; }
    [Id(8)] public HashSet<string> SeededFrom { get; set; } = new(StringComparer.Ordinal);
}
