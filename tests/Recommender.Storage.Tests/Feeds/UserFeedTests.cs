// The top-K feed of compact items, and the 16-byte encoding of an item's details.
using System.Runtime.CompilerServices;
using Recommender.Abstractions.Feeds;
using Recommender.Storage.Feeds;

namespace Recommender.Storage.Tests.Feeds;

public sealed class UserFeedTests
{
    private static FeedItem Item(long position, float score) => new(position, score, default);

    [Fact]
    public void A_full_feed_keeps_the_highest_scores_in_order_and_raises_its_threshold()
    {
        var feed = new UserFeed(3);
        Assert.Equal(float.NegativeInfinity, feed.Threshold);

        feed.Add([Item(1, 0.1f), Item(2, 0.5f), Item(3, 0.3f), Item(4, 0.4f)]);

        Assert.Equal([2L, 4, 3], feed.ToArray().Select(i => i.Position));
        Assert.Equal(0.3f, feed.Threshold);
    }

    [Fact]
    public void A_paper_added_again_replaces_its_entry_instead_of_doubling_it()
    {
        var feed = new UserFeed(3);
        feed.Add([Item(1, 0.2f), Item(2, 0.1f)]);

        feed.Add([Item(2, 0.9f)]);

        Assert.Equal([2L, 1], feed.ToArray().Select(i => i.Position));
        Assert.Equal(0.9f, feed[0].Score);
    }

    [Fact]
    public void An_older_paper_added_again_after_newer_ones_still_replaces_its_entry()
    {
        var feed = new UserFeed(4);
        feed.Add([Item(7, 0.2f), Item(3, 0.1f), Item(9, 0.4f)]);

        feed.Add([Item(3, 0.8f), Item(7, 0.05f), Item(5, 0.3f)]);

        Assert.Equal([3L, 9, 5, 7], feed.ToArray().Select(i => i.Position));
    }

    [Fact]
    public void Equal_scores_put_the_newer_paper_first()
    {
        var feed = new UserFeed(3);
        feed.Add([Item(1, 0.2f), Item(3, 0.2f), Item(2, 0.2f)]);
        Assert.Equal([3L, 2, 1], feed.ToArray().Select(i => i.Position));
    }

    [Fact]
    public void Removing_a_paper_makes_room_and_lowers_the_threshold()
    {
        var feed = new UserFeed(2);
        feed.Add([Item(1, 0.1f), Item(2, 0.2f)]);

        Assert.True(feed.Remove(2));

        Assert.Equal(float.NegativeInfinity, feed.Threshold);
        Assert.False(feed.Remove(2));
    }

    [Fact]
    public void Random_writes_removals_prefetches_and_reads_always_match_a_sort_and_trim_model_of_the_feed()
    {
        var random = new Random(7);
        var feed = new UserFeed(10);
        var model = new List<FeedItem>();
        for (var step = 0; step < 3_000; step++)
        {
            // Few distinct papers and scores: replacements, evictions and ties are all common.
            var item = Item(random.Next(40), random.Next(20) / 20f);
            // The fan-out's cache hint, at every fill of the feed: it must change nothing.
            feed.Prefetch();
            if (random.Next(10) == 0)
            {
                Assert.Equal(model.RemoveAll(i => i.Position == item.Position) > 0, feed.Remove(item.Position));
            }
            else
            {
                feed.Add([item]);
                model.RemoveAll(i => i.Position == item.Position);
                model.Add(item);
                model = model.OrderByDescending(i => i.Score).ThenByDescending(i => i.Position).Take(10).ToList();
            }
            Assert.Equal(model.Count == 10 ? model[^1].Score : float.NegativeInfinity, feed.Threshold);
            if (step % 7 == 0)
            {
                Assert.Equal(model.Select(i => (i.Position, i.Score)), feed.ToArray().Select(i => (i.Position, i.Score)));
            }
        }
    }

    [Fact]
    public void A_page_is_cut_from_the_feed_in_order_after_unordered_writes()
    {
        var feed = new UserFeed(5);
        feed.Add([Item(1, 0.1f), Item(2, 0.5f), Item(3, 0.3f)]);
        feed.Add([Item(4, 0.4f), Item(5, 0.2f)]);

        Assert.Equal([4L, 3], feed.ToArray(offset: 1, take: 2).Select(i => i.Position));
        Assert.Empty(feed.ToArray(offset: 5));
        Assert.Equal(2L, feed[0].Position);
    }

    [Fact]
    public void Details_survive_their_sixteen_byte_encoding()
    {
        var scores = new TaskScores();
        scores[0] = (Half)0.25f;
        scores[4] = (Half)(-1.5f);
        var details = new FeedDetails(4242, 0b101, FeedSource.Trending, (Half)0.75f, scores);
        var bytes = new byte[FeedDetails.Size];

        details.WriteTo(bytes);
        var read = FeedDetails.ReadFrom(bytes);

        Assert.Equal(details.RankerTag, read.RankerTag);
        Assert.Equal(details.FollowedTopicMask, read.FollowedTopicMask);
        Assert.Equal(FeedSource.Trending, read.Source);
        Assert.Equal(details.InterestSimilarity, read.InterestSimilarity);
        Assert.Equal((Half)0.25f, read.Scores[0]);
        Assert.Equal((Half)(-1.5f), read.Scores[4]);
    }

    [Fact]
    public void The_source_takes_no_room_in_memory_beyond_the_sixteen_bytes()
    {
        Assert.Equal(FeedDetails.Size, Unsafe.SizeOf<FeedDetails>());
        Assert.Equal(28, Unsafe.SizeOf<FeedItem>());
    }
}
