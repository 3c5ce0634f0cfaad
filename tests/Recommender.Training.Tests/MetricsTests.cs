using Recommender.Training.Evaluation;

namespace Recommender.Training.Tests;

public sealed class MetricsTests
{
    [Fact]
    public void Auc_counts_tied_scores_as_half_a_correct_pair()
    {
        // Pairs (pos, neg): (0.8,0.1) ok, (0.8,0.4) ok, (0.4,0.1) ok, (0.4,0.4) tie → 3.5 / 4.
        var auc = Metrics.Auc([0.8, 0.4, 0.4, 0.1], [true, true, false, false]);
        Assert.Equal(0.875, auc, 10);
    }

    [Fact]
    public void Auc_is_one_for_a_perfect_ranking_and_half_for_constant_scores()
    {
        Assert.Equal(1.0, Metrics.Auc([0.9, 0.8, 0.2], [true, true, false]), 10);
        Assert.Equal(0.5, Metrics.Auc([0.3, 0.3, 0.3, 0.3], [true, false, true, false]), 10);
    }

    [Fact]
    public void Log_loss_matches_the_hand_computed_mean_cross_entropy()
    {
        var expected = -(Math.Log(0.9) + Math.Log(1 - 0.2)) / 2;
        Assert.Equal(expected, Metrics.LogLoss([0.9, 0.2], [true, false]), 10);
    }

    [Fact]
    public void Calibration_is_mean_predicted_over_observed_rate()
    {
        Assert.Equal(0.3 / 0.5, Metrics.Calibration([0.2, 0.4, 0.3, 0.3], [true, false, true, false]), 10);
    }

    [Fact]
    public void Ndcg_is_one_for_the_ideal_order_and_matches_a_hand_computed_swap()
    {
        Assert.Equal(1.0, Metrics.Ndcg([3, 2, 1], [2, 1, 0]), 10);
        // Ranked relevances 1, 2: DCG = 1/log2(2) + 3/log2(3); ideal = 3 + 1/log2(3).
        var expected = (1 + 3 / Math.Log2(3)) / (3 + 1 / Math.Log2(3));
        Assert.Equal(expected, Metrics.Ndcg([2, 1], [1, 2]), 10);
    }

    [Fact]
    public void Ndcg_only_counts_the_top_k_and_is_undefined_without_relevant_items()
    {
        Assert.Equal(0.0, Metrics.Ndcg([5, 4, 3], [0, 0, 1], k: 2), 10);
        Assert.True(double.IsNaN(Metrics.Ndcg([1, 2], [0, 0])));
    }
}
