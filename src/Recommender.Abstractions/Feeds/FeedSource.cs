// Which recall source brought a paper into a feed; stored in one byte of each feed entry.
namespace Recommender.Abstractions.Feeds;

/// <remarks>Stored values: never renumber. 0 is what entries written before sources existed hold (they all came from followed topics).</remarks>
[GenerateSerializer, Alias("recommender.FeedSource")]
public enum FeedSource : byte
{
    Unspecified = 0,
    /// <summary>The paper was routed to a topic the user follows.</summary>
    FollowedTopic = 1,
    /// <summary>The paper is among the recent papers of a topic nearest to the user's interests (not followed).</summary>
    Interest = 2,
    /// <summary>The paper is among the catalogue's recent papers with the most upvotes for their age.</summary>
    Trending = 3,
}
