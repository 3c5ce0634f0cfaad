using Recommender.Training.Evaluation.Recall;
using Recommender.Training.Simulation;

namespace Recommender.Training.Tests.Evaluation.Recall;

public sealed class RecallSourcesTests
{
    // Two orthogonal topics; papers along one axis, the other, or both (cosine 0.707 with each).
    private static readonly (string, float[])[] Topics = [("x", [1f, 0f]), ("y", [0f, 1f])];
    private static readonly float Diagonal = MathF.Sqrt(0.5f);

    [Fact]
    public void A_paper_goes_to_every_topic_within_the_threshold_and_each_window_keeps_the_latest()
    {
        RecallPaper[] papers = [new("p0", [1f, 0f], 0), new("p1", [Diagonal, Diagonal], 0), new("p2", [0f, 1f], 0), new("p3", [1f, 0f], 0)];
        var sources = RecallSources.Build(papers, Topics, new RecallSettings(TopicRecentPapers: 2, RoutingThreshold: 0.5f));
        Assert.Equal(["p1", "p3"], sources.Window("x"));
        Assert.Equal(["p1", "p2"], sources.Window("y"));
        Assert.Empty(sources.Window("unknown"));
    }

    [Fact]
    public void A_paper_goes_only_to_its_most_similar_topics_when_capped()
    {
        RecallPaper[] papers = [new("p0", [0.8f, 0.6f], 0)];
        var sources = RecallSources.Build(papers, Topics, new RecallSettings(RoutingThreshold: 0.5f, MaxTopicsPerPaper: 1));
        Assert.Equal(["p0"], sources.Window("x"));
        Assert.Empty(sources.Window("y"));
    }

    [Fact]
    public void Trending_ranks_upvotes_discounted_by_age_and_skips_papers_without_upvotes()
    {
        // One day holds 1/Spacing papers; a paper a day newer beats one with up to e times its upvotes.
        var perDay = (int)(TimeSpan.FromDays(1) / SyntheticCorpus.Spacing);
        var papers = Enumerable.Range(0, perDay + 1).Select(i => new RecallPaper($"p{i}", [1f, 0f], 0)).ToArray();
        papers[0] = papers[0] with { Upvotes = 10 };      // ln 11 ≈ 2.40, a day older than the last
        papers[perDay] = papers[perDay] with { Upvotes = 5 }; // ln 6 ≈ 1.79 + 1 day
        papers[perDay - 1] = papers[perDay - 1] with { Upvotes = 1 }; // ln 2 ≈ 0.69 + almost a day
        var sources = RecallSources.Build(papers, Topics, new RecallSettings(TrendingPapers: 5));
        Assert.Equal([$"p{perDay}", "p0", $"p{perDay - 1}"], sources.Trending);
    }

    [Fact]
    public void Trending_looks_only_at_the_latest_papers()
    {
        RecallPaper[] papers = [new("old", [1f, 0f], 1000), new("new", [1f, 0f], 1)];
        var sources = RecallSources.Build(papers, Topics, new RecallSettings(TrendingScanPapers: 1));
        Assert.Equal(["new"], sources.Trending);
    }

    [Fact]
    public void The_interest_probe_picks_the_nearest_topics_that_are_not_followed()
    {
        float[][] axes = [[1f, 0f, 0f], [0f, 1f, 0f], [0f, 0f, 1f]];
        var topics = new[] { "a", "b", "c" }.Select((id, i) => (id, axes[i])).ToArray();
        var sources = RecallSources.Build([], topics, new RecallSettings());
        float[] interest = [0.8f, 0.5f, -0.3f];
        Assert.Equal(["a", "b"], sources.NearestTopics(interest, new HashSet<string>(), 3));
        Assert.Equal(["b"], sources.NearestTopics(interest, new HashSet<string> { "a" }, 3));
        Assert.Equal(["a"], sources.NearestTopics(interest, new HashSet<string>(), 1));
        Assert.Empty(sources.NearestTopics([], new HashSet<string>(), 3));
    }
}
