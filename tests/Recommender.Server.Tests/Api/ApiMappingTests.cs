// A stored feed item maps straight to the wire message exactly as it does through its feed entry.
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;
using Recommender.Grains.Feeds;
using Recommender.Grains.Papers;
using Recommender.Ranking.Scoring;
using Recommender.Server.Api;
using Recommender.Storage.Feeds;

namespace Recommender.Server.Tests.Api;

public sealed class ApiMappingTests
{
    private static readonly PaperCard Card = new(
        7,
        new PaperSummary { Id = "2611.00001", Title = "Sparse experts", Authors = ["A. One", "B. Two"], AuthorCount = 2, Upvotes = 41, Url = "https://example.org/p" },
        [new TopicMatch { TopicId = "moe", Similarity = 0.31f }, new TopicMatch { TopicId = "efficiency", Similarity = 0.62f }]);

    public static TheoryData<FeedSource, byte, float> Details => new()
    {
        { FeedSource.FollowedTopic, 0b11, 0.1f },
        { FeedSource.Interest, 0b00, 0.05f },
        { FeedSource.Trending, 0b10, 0.45f },
        { FeedSource.Unspecified, 0b01, 0.9f },
    };

    [Theory]
    [MemberData(nameof(Details))]
    public void A_stored_item_becomes_the_same_wire_item_as_its_feed_entry_does(FeedSource source, byte followedMask, float interest)
    {
        var ranker = new RankerDescriptor("mapping-test-1", ["click", "save", "share"], ["f"]);
        var scores = new TaskScores();
        (scores[0], scores[1], scores[2]) = ((Half)0.25f, (Half)0.5f, (Half)0.125f);
        var item = new FeedItem(7, 0.75f, new FeedDetails(RankerTags.Of(ranker), followedMask, source, (Half)interest, scores));

        var direct = item.ToApi(Card);
        direct.Rank = 3;

        Assert.Equal(FeedEntries.ToEntry(item, Card).ToApi(3), direct);
        Assert.Equal(3, direct.TaskScores.Count);
        Assert.NotEmpty(direct.Reasons);
    }

    [Fact]
    public void Every_item_of_a_card_shows_the_one_wire_summary_built_for_it()
    {
        var card = new PaperCard(9, new PaperSummary { Id = "2611.00009", Title = "Shared summaries" }, []);
        var first = new FeedItem(9, 0.5f, default).ToApi(card);
        var second = new FeedItem(9, 0.25f, default).ToApi(card);

        Assert.Same(first.Paper, second.Paper);
        Assert.Same(first.Paper, card.Shown);
        Assert.Equal("Shared summaries", first.Paper.Title);
    }
}
