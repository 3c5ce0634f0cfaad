using Orleans.Concurrency;
using Recommender.Abstractions.Papers;

namespace Recommender.Abstractions.Topics;

/// <summary>A topic (key <c>topic:&lt;slug&gt;</c>): its vector, recent papers and subscribers.</summary>
[Alias("recommender.ITopicGrain")]
public interface ITopicGrain : IGrainWithStringKey
{
    /// <summary>Creates or redefines the topic; the vector is derived from keywords and seed papers.</summary>
    [Alias("Define")]
    Task<TopicInfo> Define(TopicDefinition definition);

    /// <summary>The topic, or null when it was never defined.</summary>
    [Alias("GetInfo")]
    Task<TopicInfo?> GetInfo(int recentLimit);

    /// <summary>Takes papers routed here (already durable in the catalogue); completes once every subscriber has been scored for them and the winners are in the feed store.</summary>
    [Alias("AddPapers")]
    Task AddPapers(IReadOnlyList<RoutedPaper> papers);

    /// <summary>Adds or refreshes a subscriber in memory (the user writes the follow to the subscription store); returns the topic's vector and recent papers.
    /// Throws <see cref="UnknownEntityException"/> when the topic was never defined.</summary>
    [Alias("Subscribe")]
    Task<TopicSnapshot> Subscribe(SubscriberProfile profile);

    [Alias("Unsubscribe")]
    Task Unsubscribe(string userId);

    /// <summary>Refreshes a subscriber's ranking inputs without returning papers, after the user's feed was rebuilt whole by the ranker of <paramref name="scoredWith"/> (its tag).</summary>
    [Alias("UpdateSubscriber"), AlwaysInterleave]
    Task UpdateSubscriber(SubscriberProfile profile, ushort scoredWith);

    /// <summary>The topic's recent papers, newest first.</summary>
    /// <remarks>Interleaves: users rebuilding their feeds ask for it while the topic may be offering them papers.</remarks>
    [Alias("GetRecentPapers"), AlwaysInterleave]
    Task<IReadOnlyList<RoutedPaper>> GetRecentPapers();
}
