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

    /// <summary>Adds papers routed here (durably), then offers them to subscribers whose feeds they enter.</summary>
    [Alias("AddPapers")]
    Task AddPapers(IReadOnlyList<RoutedPaper> papers);

    /// <summary>Adds or refreshes a subscriber; returns the topic's recent papers for backfill.</summary>
    [Alias("Subscribe")]
    Task<IReadOnlyList<RoutedPaper>> Subscribe(SubscriberProfile profile);

    [Alias("Unsubscribe")]
    Task Unsubscribe(string userId);

    /// <summary>Refreshes a subscriber's ranking inputs without returning papers.</summary>
    [Alias("UpdateSubscriber")]
    Task UpdateSubscriber(SubscriberProfile profile);

    /// <summary>The topic's recent papers, newest first.</summary>
    [Alias("GetRecentPapers")]
    Task<IReadOnlyList<RoutedPaper>> GetRecentPapers();
}
