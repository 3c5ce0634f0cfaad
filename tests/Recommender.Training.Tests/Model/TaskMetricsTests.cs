using Recommender.Training.Evaluation;
using Recommender.Training.Model;

namespace Recommender.Training.Tests.Model;

public sealed class TaskMetricsTests
{
    [Fact]
    public void Binary_metrics_match_hand_computed_values()
    {
        float[] p = [0.1f, 0.4f, 0.35f, 0.8f];
        float[] y = [0, 0, 1, 1];
        var m = TaskMetrics.Compute("click", TaskKind.Binary, p, y);
        Assert.Equal(0.75, m.Auc!.Value, 6);
        Assert.Equal((0.1 + 0.4 + 0.35 + 0.8) / 4 / 0.5, m.Calibration!.Value, 5);
        Assert.True(m.LogLoss > 0);
    }

    [Fact]
    public void Real_metrics_skip_missing_labels()
    {
        var m = TaskMetrics.Compute("dwell", TaskKind.Real, [1f, 2f, 3f], [1f, float.NaN, 5f]);
        Assert.Equal(2, m.Rows);
        Assert.Equal(2.0, m.Mse!.Value, 6);
    }
}
