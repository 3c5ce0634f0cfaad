using Recommender.Abstractions.Feeds;

namespace Recommender.Abstractions.Users;

/// <summary>A user (key <c>user:&lt;id&gt;</c>): profile, interests, follows and feedback; rebuilds the ranked feed when these change.</summary>
[Alias("recommender.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user or updates email, name, digest cadence and seed papers; durable on return.</summary>
    [Alias("Upsert")]
    Task<UserProfile> Upsert(UserProfile profile);

    /// <summary>The user, or null when never created.</summary>
    [Alias("Get")]
    Task<UserProfile?> Get();

    /// <summary>Follows a topic and fills the feed from its recent papers. Throws <see cref="UnknownEntityException"/> for an unknown user.</summary>
    [Alias("Follow")]
    Task<FollowResult> Follow(string topicId);

    /// <summary>Follows several topics (those already followed change nothing) and rebuilds the feed once; all or none within the follow cap.</summary>
    [Alias("FollowAll")]
    Task<FollowResult> FollowAll(IReadOnlyList<string> topicIds);

    [Alias("Unfollow")]
    Task<UserProfile> Unfollow(string topicId);

    /// <summary>Records feedback on a paper; returns the feed size after it.</summary>
    [Alias("RecordFeedback")]
    Task<int> RecordFeedback(string paperId, FeedbackKind kind);

    /// <summary>A page of the ranked feed, rebuilt from the followed topics (for when the feed store misses); null when the user does not exist.</summary>
    [Alias("GetFeedPage")]
    Task<FeedPage?> GetFeedPage(int offset, int count);
}

[GenerateSerializer, Immutable, Alias("recommender.FollowResult")]
public sealed record FollowResult
{
    [Id(0)] public required UserProfile User { get; init; }
    [Id(1)] public int FeedSize { get; init; }
}
