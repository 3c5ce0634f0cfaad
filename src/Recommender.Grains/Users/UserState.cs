using Recommender.Abstractions.Users;

namespace Recommender.Grains.Users;

/// <remarks>
/// What only the user knows and topics never need. The ranking inputs (follows, interest and
/// negative vectors, positive feedback, hidden papers: ids 1 to 5, retired) live in the
/// subscription store, written once per change together with the follow; the feed is derived
/// data in the feed store (id 6, retired).
/// </remarks>
[GenerateSerializer, Alias("recommender.UserState")]
public sealed class UserState
{
    [Id(0)] public UserProfile? Profile { get; set; }
    [Id(7)] public int FeedbackCount { get; set; }
    [Id(8)] public HashSet<string> SeededFrom { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Each (paper, kind) recorded, so that a retried feedback (its answer lost) is not counted twice.</summary>
    [Id(9)] public HashSet<string> FeedbackGiven { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Keywords already applied to the interest, in the order given, so that sending them again moves nothing.</summary>
    [Id(10)] public List<string> Keywords { get; set; } = [];
}
