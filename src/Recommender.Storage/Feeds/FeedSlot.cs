// A feed store's own object for one user, remembered by the writer (the silo's one subscriber entry
// per user): where the feed lives in a store that keeps feeds in this process, or the user's write
// queue in the Redis store. At 100,000 users each fan-out write otherwise pays a dictionary look-up
// through cold memory (bucket, node, key) first.
namespace Recommender.Storage.Feeds;

public sealed class FeedSlot
{
    /// <summary>The store's own object for the user; null until the store has seen one write with this slot.</summary>
    internal object? Feed;
}
