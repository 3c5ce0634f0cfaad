using Recommender.Training.Evaluation.Recall;

namespace Recommender.Training.Tests.Evaluation.Recall;

public sealed class RecallMetricsTests
{
    private static readonly Dictionary<string, int> Relevance = new() { ["a"] = 2, ["b"] = 1, ["c"] = 0, ["d"] = 1 };

    [Fact]
    public void Recall_counts_the_positives_among_all_candidates_or_the_first_k()
    {
        // Positives a, b, d (c was shown but not liked). Candidates hold b, c, d, x.
        string[] ranked = ["c", "b", "x", "d"];
        Assert.Equal(2.0 / 3, RecallMetrics.Recall(ranked, Relevance), 10);
        Assert.Equal(1.0 / 3, RecallMetrics.Recall(ranked, Relevance, k: 2), 10);
        Assert.Equal(0.0, RecallMetrics.Recall([], Relevance), 10);
    }

    [Fact]
    public void Recall_is_undefined_for_a_user_without_positives()
    {
        Assert.True(double.IsNaN(RecallMetrics.Recall(["a"], new Dictionary<string, int> { ["a"] = 0 })));
    }

    [Fact]
    public void Ndcg_compares_with_an_ideal_that_holds_every_positive_even_those_not_recalled()
    {
        // Ranked: d (rel 1), x (unknown → 0), b (rel 1). DCG = 1/log2(2) + 0 + 1/log2(4) = 1.5.
        // Ideal over all positives: a (3), b (1), d (1) → 3 + 1/log2(3) + 1/2.
        var expected = 1.5 / (3 + 1 / Math.Log2(3) + 0.5);
        Assert.Equal(expected, RecallMetrics.Ndcg(["d", "x", "b"], Relevance, k: 10), 10);
        Assert.Equal(1.0, RecallMetrics.Ndcg(["a", "b", "d"], Relevance, k: 10), 10);
    }

    [Fact]
    public void Ndcg_at_k_looks_only_at_the_first_k_of_both_rankings()
    {
        // k = 1: ranked b (gain 1) against the ideal a (gain 3).
        Assert.Equal(1.0 / 3, RecallMetrics.Ndcg(["b", "a"], Relevance, k: 1), 10);
    }

    [Fact]
    public void Coverage_is_the_share_of_the_catalogue_in_at_least_one_feed()
    {
        string[][] feeds = [["p1", "p2"], ["p2", "old"], []];
        Assert.Equal(0.5, RecallMetrics.Coverage(feeds, ["p1", "p2", "p3", "p4"]), 10);
        Assert.True(double.IsNaN(RecallMetrics.Coverage(feeds, [])));
    }
}
