// Ranking and probability metrics: AUC (ties count half), log loss, calibration, NDCG@k.
namespace Recommender.Training.Evaluation;

public static class Metrics
{
    /// <summary>ROC AUC by average ranks; NaN when only one class is present.</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positives = 0, rankSum = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    positives++;
                    rankSum += averageRank;
                }
            }
            start = end + 1;
        }
        var negatives = order.Length - positives;
        return positives == 0 || negatives == 0 ? double.NaN
            : (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>Mean binary cross-entropy; probabilities are clipped to [1e-7, 1 - 1e-7].</summary>
    public static double LogLoss(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        var sum = 0.0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], 1e-7, 1 - 1e-7);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / probabilities.Count;
    }

    /// <summary>Mean predicted probability / observed positive rate; 1.0 is perfect.</summary>
    public static double Calibration(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        var observed = labels.Count(l => l) / (double)labels.Count;
        return observed == 0 ? double.NaN : probabilities.Average() / observed;
    }

    /// <summary>NDCG@k with gains 2^rel − 1; NaN when no item is relevant.</summary>
    public static double Ndcg(IReadOnlyList<double> scores, IReadOnlyList<int> relevance, int k = 10)
    {
        // Ties in score are broken pessimistically (least relevant first) so constant scores earn nothing.
        var ranked = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => relevance[i]).Take(k);
        var ideal = relevance.OrderByDescending(r => r).Take(k);
        var idcg = Dcg(ideal);
        return idcg == 0 ? double.NaN : Dcg(ranked.Select(i => relevance[i])) / idcg;
    }

    /// <summary>Reliability curve: (mean predicted, observed rate) per equal-count bin.</summary>
    public static List<(double Predicted, double Observed)> CalibrationCurve(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        var order = Enumerable.Range(0, probabilities.Count).OrderBy(i => probabilities[i]).ToArray();
        var curve = new List<(double, double)>();
        for (var b = 0; b < bins; b++)
        {
            var slice = order[(b * order.Length / bins)..((b + 1) * order.Length / bins)];
            if (slice.Length > 0)
            {
                curve.Add((slice.Average(i => probabilities[i]), slice.Average(i => labels[i] ? 1.0 : 0.0)));
            }
        }
        return curve;
    }

    private static double Dcg(IEnumerable<int> relevance) =>
        relevance.Select((r, i) => (Math.Pow(2, r) - 1) / Math.Log2(i + 2)).Sum();
}
