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

        Assert.Equal([2L, 4, 3], feed.Items.ToArray().Select(i => i.Position));
        Assert.Equal(0.3f, feed.Threshold);
    }

    [Fact]
    public void A_paper_added_again_replaces_its_entry_instead_of_doubling_it()
    {
        var feed = new UserFeed(3);
        feed.Add([Item(1, 0.2f), Item(2, 0.1f)]);

        feed.Add([Item(2, 0.9f)]);

        Assert.Equal([2L, 1], feed.Items.ToArray().Select(i => i.Position));
        Assert.Equal(0.9f, feed.Items[0].Score);
    }

    [Fact]
    public void An_older_paper_added_again_after_newer_ones_still_replaces_its_entry()
    {
        var feed = new UserFeed(4);
        feed.Add([Item(7, 0.2f), Item(3, 0.1f), Item(9, 0.4f)]);

        feed.Add([Item(3, 0.8f), Item(7, 0.05f), Item(5, 0.3f)]);

        Assert.Equal([3L, 9, 5, 7], feed.Items.ToArray().Select(i => i.Position));
    }

    [Fact]
    public void Equal_scores_put_the_newer_paper_first()
    {
        var feed = new UserFeed(3);
        feed.Add([Item(1, 0.2f), Item(3, 0.2f), Item(2, 0.2f)]);
        Assert.Equal([3L, 2, 1], feed.Items.ToArray().Select(i => i.Position));
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
