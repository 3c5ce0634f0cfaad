// The trending order: upvotes for their age, stable as time passes.
using Recommender.Abstractions.Papers;
using Recommender.Grains.Recall;

namespace Recommender.Grains.Tests.Recall;

public sealed class TrendingRankTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static RoutedPaper Paper(long position, int upvotes, DateTimeOffset published) => new()
    {
        Summary = new PaperSummary { Id = $"p{position}", Title = "t", Upvotes = upvotes, PublishedAt = published },
        Vector = [],
        Topics = [],
        Position = position,
        ArrivedAt = published,
    };

    [Fact]
    public void Of_two_papers_with_as_many_upvotes_the_younger_is_hotter()
    {
        var picked = TrendingRank.Select([Paper(1, 50, Noon.AddDays(-2)), Paper(2, 50, Noon)], 2);

        Assert.Equal(["p2", "p1"], picked.Select(p => p.Id));
    }

    [Fact]
    public void Many_upvotes_gathered_quickly_beat_a_few_more_gathered_slowly()
    {
        // 100 upvotes today against 120 over three more days: the young one gathers them faster.
        var picked = TrendingRank.Select([Paper(1, 120, Noon.AddDays(-3)), Paper(2, 100, Noon)], 1);

        Assert.Equal("p2", Assert.Single(picked).Id);
    }

    [Fact]
    public void A_paper_much_more_upvoted_stays_ahead_of_a_slightly_younger_one()
    {
        var picked = TrendingRank.Select([Paper(1, 400, Noon.AddHours(-6)), Paper(2, 3, Noon)], 1);

        Assert.Equal("p1", Assert.Single(picked).Id);
    }

    [Fact]
    public void Papers_without_upvotes_never_trend_and_the_count_is_a_cap()
    {
        var papers = Enumerable.Range(0, 10).Select(i => Paper(i, i % 2, Noon.AddHours(i))).ToArray();

        var picked = TrendingRank.Select(papers, 3);

        Assert.Equal(["p9", "p7", "p5"], picked.Select(p => p.Id));
    }

    [Fact]
    public void The_order_does_not_depend_on_when_it_is_computed()
    {
        // Hotness compares publication times, so adding the same age to every paper changes no order.
        var a = Paper(1, 30, Noon.AddDays(-1));
        var b = Paper(2, 9, Noon);
        Assert.Equal(TrendingRank.Hotness(a) > TrendingRank.Hotness(b),
            TrendingRank.Hotness(a with { Summary = a.Summary with { PublishedAt = Noon.AddDays(9) } })
                > TrendingRank.Hotness(b with { Summary = b.Summary with { PublishedAt = Noon.AddDays(10) } }));
    }
}
