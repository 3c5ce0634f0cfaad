namespace Recommender.Abstractions.Topics;

/// <summary>A user's ranking inputs as topics keep them, so a topic can score all its subscribers in one batch.</summary>
/// <remarks>Users write it to the subscription store and push it to their topics after every change.</remarks>
[GenerateSerializer, Immutable, Alias("recommender.SubscriberProfile")]
public sealed record SubscriberProfile
{
    [Id(0)] public required string UserId { get; init; }
    [Id(1)] public required float[] Interest { get; init; }
    [Id(2)] public float[] Negative { get; init; } = [];
    [Id(3)] public int PositiveFeedback { get; init; }
    [Id(4)] public IReadOnlyList<string> FollowedTopics { get; init; } = [];
    // Id 5 (the feed's admission threshold) is retired: thresholds now come from the feed store.
    /// <summary>Papers the user hid; a topic never writes them into the user's feed.</summary>
    [Id(6)] public IReadOnlyList<string> Excluded { get; init; } = [];
    /// <summary>Grows with every change, so an older copy never replaces a newer one.</summary>
    [Id(7)] public long Version { get; init; }
    /// <summary>The encoder of <see cref="Interest"/> and <see cref="Negative"/> (empty: none yet, or rows older than the field).</summary>
    [Id(8)] public string Encoder { get; init; } = "";
    /// <summary>
    /// The user's several interests (at most <c>Recommender:InterestVectors</c>), moved by the user's own papers only; empty for
    /// users who only follow topics and rows older than the field: then <see cref="Interest"/> (the mean of everything) stands in.
    /// </summary>
    [Id(9)] public IReadOnlyList<InterestCentroid> Interests { get; init; } = [];
}
