// A feed page's ETag changes with anything a client could see in the answer, and only then.
using Recommender.Server.Api;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Tests.Api;

public sealed class FeedETagsTests
{
    private static V1.GetFeedResponse Page(float score = 0.5f, string reason = "topic:ml (0.40)", string next = "t1", int rank = 1)
    {
        var item = new V1.FeedItem { Paper = new V1.PaperSummary { Id = "p1", Title = "A title" }, Score = score, Rank = rank, RankerVersion = "m1" };
        item.TaskScores.Add("click", 0.25f);
        item.Reasons.Add(reason);
        var response = new V1.GetFeedResponse { Total = 7, RankerVersion = "m1", NextPageToken = next };
        response.Items.Add(item);
        return response;
    }

    [Fact]
    public void The_same_answer_built_twice_has_the_same_etag()
    {
        Assert.Equal(FeedETags.Of(Page()), FeedETags.Of(Page()));
    }

    [Fact]
    public void A_different_score_reason_rank_next_token_or_exploration_mark_changes_the_etag()
    {
        var etag = FeedETags.Of(Page());
        Assert.NotEqual(etag, FeedETags.Of(Page(score: 0.51f)));
        Assert.NotEqual(etag, FeedETags.Of(Page(reason: "topic:ml (0.41)")));
        Assert.NotEqual(etag, FeedETags.Of(Page(next: "t2")));
        Assert.NotEqual(etag, FeedETags.Of(Page(rank: 2)));
        var otherTaskScore = Page();
        otherTaskScore.Items[0].TaskScores["click"] = 0.3f;
        Assert.NotEqual(etag, FeedETags.Of(otherTaskScore));
        var otherPaper = Page();
        otherPaper.Items[0].Paper.Id = "p2";
        Assert.NotEqual(etag, FeedETags.Of(otherPaper));
        var otherSource = Page();
        otherSource.Items[0].Source = V1.FeedSource.Trending;
        Assert.NotEqual(etag, FeedETags.Of(otherSource));
        var explored = Page();
        explored.Items[0].Exploratory = true;
        Assert.NotEqual(etag, FeedETags.Of(explored));
        var otherPropensity = Page();
        otherPropensity.Items[0].Propensity = 0.1;
        Assert.NotEqual(etag, FeedETags.Of(otherPropensity));
    }

    [Fact]
    public void Text_split_differently_between_fields_changes_the_etag()
    {
        var a = Page();
        a.Items[0].Reasons.Clear();
        a.Items[0].Reasons.Add("ab");
        a.Items[0].Reasons.Add("c");
        var b = Page();
        b.Items[0].Reasons.Clear();
        b.Items[0].Reasons.Add("a");
        b.Items[0].Reasons.Add("bc");
        Assert.NotEqual(FeedETags.Of(a), FeedETags.Of(b));
    }
}
