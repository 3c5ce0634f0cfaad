namespace Recommender.Abstractions.Topics;

/// <summary>A topic's copy of one subscriber's ranking inputs, so a topic can score all its subscribers in one batch.</summary>
[GenerateSerializer, Immutable, Alias("recommender.SubscriberProfile")]
public sealed record SubscriberProfile
{
    [Id(0)] public required string UserId { get; init; }
    [Id(1)] public required float[] Interest { get; init; }
    [Id(2)] public float[] Negative { get; init; } = [];
    [Id(3)] public int PositiveFeedback { get; init; }
    [Id(4)] public IReadOnlyList<string> FollowedTopics { get; init; } = [];
    /// <summary>The score a paper must beat to enter the user's full feed; -infinity while the feed has room.</summary>
    [Id(5)] public float Threshold { get; init; } = float.NegativeInfinity;
    /// <summary>Papers the user hid or already has; the topic skips them.</summary>
    [Id(6)] public IReadOnlyList<string> Excluded { get; init; } = [];
}
