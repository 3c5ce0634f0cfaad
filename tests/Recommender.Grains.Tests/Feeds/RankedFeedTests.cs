using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;
using Recommender.Grains.Feeds;

namespace Recommender.Grains.Tests.Feeds;

public sealed class RankedFeedTests
{
    private static FeedEntry Entry(string id, float score) =>
        new() { Paper = new PaperSummary { Id = id, Title = id }, Score = score };

    [Fact]
    public void A_full_feed_keeps_the_highest_scores_in_order_and_raises_its_threshold()
    {
        var feed = new RankedFeed(3);
        Assert.Equal(float.NegativeInfinity, feed.Threshold);

        feed.Offer([Entry("a", 0.1f), Entry("b", 0.5f), Entry("c", 0.3f), Entry("d", 0.4f)]);

        Assert.Equal(["b", "d", "c"], feed.Entries.Select(e => e.PaperId));
        Assert.Equal(0.3f, feed.Threshold);
    }

    [Fact]
    public void A_paper_already_in_the_feed_is_not_added_twice()
    {
        var feed = new RankedFeed(3);
        feed.Offer([Entry("a", 0.2f)]);
        Assert.False(feed.Offer([Entry("a", 0.2f)]).Changed);
        Assert.Single(feed.Entries);
    }

    [Fact]
    public void Equal_scores_are_ordered_by_paper_id_descending_like_a_redis_reverse_range()
    {
        var feed = new RankedFeed(3);
        feed.Offer([Entry("a", 0.2f), Entry("c", 0.2f), Entry("b", 0.2f)]);
        Assert.Equal(["c", "b", "a"], feed.Entries.Select(e => e.PaperId));
    }

    [Fact]
    public void An_offer_reports_what_went_in_and_what_it_pushed_out()
    {
        var feed = new RankedFeed(2);
        feed.Offer([Entry("a", 0.1f), Entry("b", 0.2f)]);

        var change = feed.Offer([Entry("c", 0.3f), Entry("d", 0.15f), Entry("e", 0.05f)]);

        Assert.Equal(["c"], change.Added.Select(e => e.PaperId));
        Assert.Equal(["a"], change.Removed);
        Assert.Equal(2, change.Count);
    }

    [Fact]
    public void An_entry_added_and_pushed_out_by_the_same_offer_is_reported_as_neither()
    {
        var feed = new RankedFeed(1);
        feed.Offer([Entry("a", 0.1f)]);

        var change = feed.Offer([Entry("b", 0.2f), Entry("c", 0.3f)]);

        Assert.Equal(["c"], change.Added.Select(e => e.PaperId));
        Assert.Equal(["a"], change.Removed);
    }
}
