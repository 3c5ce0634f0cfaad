namespace Recommender.Abstractions.Users;

/// <summary>A user as clients see and edit them.</summary>
[GenerateSerializer, Immutable, Alias("recommender.UserProfile")]
public sealed record UserProfile
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public string Email { get; init; } = "";
    [Id(2)] public string DisplayName { get; init; } = "";
    [Id(3)] public DigestCadence Digest { get; init; } = DigestCadence.Daily;
    [Id(4)] public IReadOnlyList<string> FollowedTopics { get; init; } = [];
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public IReadOnlyList<string> SeedPaperIds { get; init; } = [];
    [Id(7)] public int FeedbackCount { get; init; }
    /// <summary>Words that seed the user's interests (a cold start without papers or topics); kept as given.</summary>
    [Id(8)] public IReadOnlyList<string> Keywords { get; init; } = [];
    /// <summary>Output only: the encoder of the user's interest vectors; empty while they have none.</summary>
    [Id(9)] public string Encoder { get; init; } = "";
}
