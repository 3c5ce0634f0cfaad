// Per-task quality figures: AUC, log loss and calibration for binary heads, MSE for real ones.
using Recommender.Training.Model;

namespace Recommender.Training.Evaluation;

/// <param name="Rows">Rows with an observed label.</param>
/// <param name="Calibration">Mean predicted probability / observed positive rate; 1.0 is perfect.</param>
public sealed record TaskMetrics(string Task, TaskKind Kind, int Rows, double? Auc, double? LogLoss, double? Calibration, double? Mse)
{
    /// <summary>Metrics of column <paramref name="task"/> of row-major predictions/labels with <paramref name="tasks"/> columns; NaN labels are skipped.</summary>
    public static TaskMetrics Compute(string name, TaskKind kind, ReadOnlySpan<float> predictions, ReadOnlySpan<float> labels, int task = 0, int tasks = 1)
    {
        var pairs = new List<(double P, double Y)>();
        for (var i = task; i < labels.Length; i += tasks)
        {
            if (!float.IsNaN(labels[i]))
                pairs.Add((predictions[i], labels[i]));
        }
        if (kind == TaskKind.Real)
            return new(name, kind, pairs.Count, null, null, null, pairs.Count == 0 ? null : pairs.Average(p => (p.P - p.Y) * (p.P - p.Y)));
        const double eps = 1e-7;
        var logLoss = pairs.Count == 0 ? (double?)null : pairs.Average(p => -(p.Y * Math.Log(Math.Max(p.P, eps)) + (1 - p.Y) * Math.Log(Math.Max(1 - p.P, eps))));
        var observed = pairs.Count == 0 ? 0 : pairs.Average(p => p.Y);
        var calibration = observed > 0 ? pairs.Average(p => p.P) / observed : (double?)null;
        return new(name, kind, pairs.Count, ComputeAuc(pairs), logLoss, calibration, null);
    }

    /// <summary>Rank-based AUC (Mann–Whitney) with ties counted as half.</summary>
    public static double? ComputeAuc(IReadOnlyList<(double P, double Y)> pairs)
    {
        var sorted = pairs.OrderBy(p => p.P).ToArray();
        double positives = sorted.Count(p => p.Y > 0.5), negatives = sorted.Length - positives;
        if (positives == 0 || negatives == 0)
            return null;
        double rankSum = 0;
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j < sorted.Length && sorted[j].P == sorted[i].P) j++;
            var averageRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
            for (var k = i; k < j; k++)
                if (sorted[k].Y > 0.5) rankSum += averageRank;
            i = j;
        }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
