// Exploration slots of a feed page: their number follows the share, they hold the most uncertain papers
// below the page's cut with the exact propensity of a uniform draw, a page is the same on a re-read, and
// paging through a feed with exploration shows every paper exactly once.
using Recommender.Server.Api;

namespace Recommender.Server.Tests.Api;

public sealed class FeedExplorationTests
{
    private static readonly ExplorationSettings Defaults = new();

    /// <summary>A feed of <paramref name="count"/> papers in order, with click probabilities that wander between 0 and 1.</summary>
    private static (FeedPageTokens.Key[] Keys, double[] Click) Feed(int count, int seed = 7)
    {
        var random = new Random(seed);
        var keys = Enumerable.Range(0, count).Select(i => new FeedPageTokens.Key($"p{i:000}", 1f - i / 1000f)).ToArray();
        return (keys, keys.Select(_ => random.NextDouble()).ToArray());
    }

    [Theory]
    [InlineData(0.1, 20, 2)]
    [InlineData(0.1, 9, 0)]
    [InlineData(0.1, 10, 1)]
    [InlineData(0.25, 20, 5)]
    [InlineData(0.3, 10, 3)]
    [InlineData(0.5, 7, 3)]
    [InlineData(0, 100, 0)]
    public void A_page_explores_its_share_of_slots_rounded_down(double share, int size, int expected)
    {
        var (_, click) = Feed(200);
        var settings = new ExplorationSettings { Share = share, Candidates = 20 };
        var page = FeedExploration.Page(Enumerable.Range(0, 200).ToArray(), size, i => click[i], settings, 42);
        Assert.Equal(size, page.Length);
        Assert.Equal(expected, page.Count(s => s.Exploratory));
        Assert.True(page.Count(s => s.Exploratory) <= share * size);
    }

    [Fact]
    public void Exploratory_slots_hold_the_papers_nearest_a_click_probability_of_one_half_below_the_cut()
    {
        var (_, click) = Feed(100);
        var remaining = Enumerable.Range(0, 100).ToArray();
        var page = FeedExploration.Page(remaining, 20, i => click[i], Defaults, 3);

        // The first 18 of the feed keep their order in the ranked slots; the 7th and 14th slots explore.
        Assert.Equal(Enumerable.Range(0, 18), page.Where(s => !s.Exploratory).Select(s => s.Index));
        Assert.Equal([6, 13], page.Select((s, p) => (s, p)).Where(x => x.s.Exploratory).Select(x => x.p));
        var pool = Enumerable.Range(18, 82).OrderBy(i => Math.Abs(click[i] - 0.5)).Take(Defaults.Candidates).ToHashSet();
        Assert.All(page.Where(s => s.Exploratory), s => Assert.Contains(s.Index, pool));
        Assert.All(page, s => Assert.Equal(s.Exploratory ? 1.0 / Defaults.Candidates : 1.0, s.Propensity));
    }

    [Fact]
    public void Each_candidate_lands_in_an_exploratory_slot_as_often_as_its_propensity_says()
    {
        var (_, click) = Feed(60);
        var remaining = Enumerable.Range(0, 60).ToArray();
        const int draws = 20_000;
        var counts = new Dictionary<(int Slot, int Index), int>();
        double propensity = 0;
        for (ulong seed = 0; seed < draws; seed++)
        {
            var page = FeedExploration.Page(remaining, 20, i => click[i], Defaults, seed * 0x9E3779B97F4A7C15UL);
            for (var p = 0; p < page.Length; p++)
            {
                if (page[p].Exploratory)
                {
                    counts[(p, page[p].Index)] = counts.GetValueOrDefault((p, page[p].Index)) + 1;
                    propensity = page[p].Propensity;
                }
            }
        }
        // Every slot is filled from the same 10 candidates, each with probability 1/10: the propensities of one slot sum to 1.
        foreach (var slot in counts.Keys.Select(k => k.Slot).Distinct())
        {
            var ofSlot = counts.Where(c => c.Key.Slot == slot).ToArray();
            Assert.Equal(Defaults.Candidates, ofSlot.Length);
            Assert.Equal(1.0, ofSlot.Length * propensity, 12);
            // Binomial(20,000, 0.1): standard deviation 42; six of them is a bound a fair draw never meets here.
            Assert.All(ofSlot, c => Assert.InRange(c.Value, draws * propensity - 255, draws * propensity + 255));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_page_and_another_seed_usually_another()
    {
        var (_, click) = Feed(100);
        var remaining = Enumerable.Range(0, 100).ToArray();
        var first = FeedExploration.Page(remaining, 20, i => click[i], Defaults, 11);
        Assert.Equal(first, FeedExploration.Page(remaining, 20, i => click[i], Defaults, 11));
        var others = Enumerable.Range(12, 20).Select(s => FeedExploration.Page(remaining, 20, i => click[i], Defaults, (ulong)s));
        Assert.Contains(others, page => !page.SequenceEqual(first));
    }

    [Fact]
    public void A_page_that_holds_everything_left_explores_nothing()
    {
        var (_, click) = Feed(15);
        var page = FeedExploration.Page(Enumerable.Range(0, 15).ToArray(), 20, i => click[i], Defaults, 5);
        Assert.Equal(Enumerable.Range(0, 15), page.Select(s => s.Index));
        Assert.DoesNotContain(page, s => s.Exploratory);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(10)]
    [InlineData(7)]
    public void Paging_through_a_feed_with_exploration_shows_every_paper_once_and_a_reread_gives_the_same_page(int size)
    {
        var (keys, click) = Feed(100);
        var settings = new ExplorationSettings { Share = 0.3, Candidates = 10 };
        var shown = new List<string>();
        var token = "";
        var explored = 0;
        do
        {
            var position = token.Length == 0 ? null : FeedPageTokens.Parse(token);
            var remaining = FeedPageTokens.Remaining(keys, position).ToArray();
            var (slots, next) = FeedReader.Cut("reader", token, position, keys, remaining, size, i => click[i], settings);
            var again = FeedReader.Cut("reader", token, position, keys, remaining, size, i => click[i], settings);
            Assert.Equal(slots, again.Slots);
            Assert.Equal(next, again.Next);
            shown.AddRange(slots.Select(s => keys[s.Index].PaperId));
            explored += slots.Count(s => s.Exploratory);
            token = next;
        }
        while (token.Length > 0);
        Assert.Equal(keys.Select(k => k.PaperId).Order(), shown.Order());
        Assert.True(explored > 0);
    }
}
