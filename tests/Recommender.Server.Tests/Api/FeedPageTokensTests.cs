// Feed page tokens name what was shown and what was still to come: the next page leaves out the
// first and keeps the second wherever it moved, and takes new papers only below the last one shown.
using Recommender.Grains.Papers;
using Recommender.Server.Api;

namespace Recommender.Server.Tests.Api;

public sealed class FeedPageTokensTests
{
    private static FeedPageTokens.Key Entry(string id, float score) => new(id, score);

    private static string[] Next(FeedPageTokens.Key[] feed, string token) =>
        FeedPageTokens.Remaining(feed, FeedPageTokens.Parse(token)!).Select(i => feed[i].PaperId).ToArray();

    [Fact]
    public void A_token_holds_the_last_item_and_what_was_shown_and_still_to_come()
    {
        var last = Entry("cs/0101:x", 0.1f + 1e-7f);
        var token = FeedPageTokens.After(null, [Entry("a", 0.9f), last], [Entry("c", 0.05f)]);
        var position = FeedPageTokens.Parse(token)!;
        Assert.Equal(0.1f + 1e-7f, position.Score);
        Assert.Equal("cs/0101:x", position.PaperId);
        Assert.Equal(new[] { PaperIdHash.Of("a"), PaperIdHash.Of("cs/0101:x") }.Order(), position.Shown.Order());
        Assert.Equal([PaperIdHash.Of("c")], position.Pending);
    }

    [Theory]
    [InlineData("")]
    [InlineData("%%%")]
    [InlineData("AQ")]
    [InlineData("bzE6MjA")]
    public void Text_the_server_did_not_issue_is_not_a_feed_token(string token) => Assert.Null(FeedPageTokens.Parse(token));

    [Fact]
    public void Papers_arriving_above_the_last_one_shown_shift_nothing()
    {
        var token = FeedPageTokens.After(null, [Entry("a", 0.9f), Entry("b", 0.5f)], [Entry("c", 0.4f)]);
        Assert.Equal(["c"], Next([Entry("new", 0.95f), Entry("a", 0.9f), Entry("b", 0.5f), Entry("c", 0.4f)], token));
    }

    [Fact]
    public void Papers_arriving_below_the_last_one_shown_come_on_later_pages()
    {
        var token = FeedPageTokens.After(null, [Entry("a", 0.9f), Entry("b", 0.5f)], [Entry("c", 0.4f)]);
        Assert.Equal(["new", "c"], Next([Entry("a", 0.9f), Entry("b", 0.5f), Entry("new", 0.45f), Entry("c", 0.4f)], token));
    }

    [Fact]
    public void A_rescored_feed_neither_repeats_a_paper_shown_nor_skips_one_still_to_come()
    {
        var token = FeedPageTokens.After(null, [Entry("a", 0.9f), Entry("b", 0.5f)], [Entry("c", 0.4f), Entry("d", 0.3f)]);
        // After feedback every score moved: "a" fell below the pin, "d" rose above it.
        FeedPageTokens.Key[] rescored = [Entry("d", 0.8f), Entry("b", 0.45f), Entry("c", 0.35f), Entry("a", 0.2f)];
        Assert.Equal(["d", "c"], Next(rescored, token));
    }

    [Fact]
    public void After_a_rescoring_new_papers_count_as_below_the_last_one_shown_by_where_it_is_now()
    {
        var token = FeedPageTokens.After(null, [Entry("a", 0.9f), Entry("b", 0.5f)], [Entry("c", 0.4f)]);
        // "b" fell to 0.2: "new" at 0.3 is above it now, "later" below.
        FeedPageTokens.Key[] rescored = [Entry("a", 0.9f), Entry("c", 0.35f), Entry("new", 0.3f), Entry("b", 0.2f), Entry("later", 0.1f)];
        Assert.Equal(["c", "later"], Next(rescored, token));
    }

    [Fact]
    public void A_hidden_paper_simply_does_not_come()
    {
        var token = FeedPageTokens.After(null, [Entry("a", 0.9f)], [Entry("b", 0.5f), Entry("c", 0.4f)]);
        Assert.Equal(["c"], Next([Entry("a", 0.9f), Entry("c", 0.4f)], token));
    }
}
