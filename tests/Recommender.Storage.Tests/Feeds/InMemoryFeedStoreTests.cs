// The embedded profile's feed store: writes find a feed through the writer's slot, and a feed
// rebuilt whole stays the one those slots point at.
using Recommender.Storage.Feeds;

namespace Recommender.Storage.Tests.Feeds;

public sealed class InMemoryFeedStoreTests
{
    private static FeedItem Item(long position, float score) => new(position, score, default);

    [Fact]
    public async Task A_write_through_a_remembered_slot_reaches_the_feed_even_after_the_feed_was_rebuilt_whole()
    {
        var store = new InMemoryFeedStore(capacity: 3);
        var slot = new FeedSlot();
        await store.ReplaceAsync("ada", [Item(1, 0.1f)]);
        await store.AddAsync([new FeedWrite("ada", [Item(2, 0.2f)], slot)]);

        await store.ReplaceAsync("ada", [Item(3, 0.3f)]);
        var thresholds = await store.AddAsync([new FeedWrite("ada", [Item(4, 0.4f), Item(5, 0.5f)], slot)]);

        var page = await store.ReadAsync("ada", 0, 10);
        Assert.Equal([5L, 4, 3], page!.Items.Select(i => i.Position));
        Assert.Equal(0.3f, thresholds[0]);
    }

    [Fact]
    public async Task A_slot_given_for_a_feed_that_is_not_stored_leaves_it_a_miss()
    {
        var store = new InMemoryFeedStore(capacity: 3);

        var thresholds = await store.AddAsync([new FeedWrite("nobody", [Item(1, 0.1f)], new FeedSlot())]);

        Assert.Null(thresholds[0]);
        Assert.Null(await store.ReadAsync("nobody", 0, 10));
    }
}
