// Where a user's feed lives in a store that keeps feeds in this process, remembered by the writer
// (a topic's subscriber entry): at 100,000 users each fan-out write otherwise pays a dictionary
// look-up through cold memory (bucket, node, key) before it reaches the feed.
namespace Recommender.Storage.Feeds;

public sealed class FeedSlot
{
    /// <summary>The store's own object for the feed; null until the store has seen one write with this slot.</summary>
    internal object? Feed;
}
