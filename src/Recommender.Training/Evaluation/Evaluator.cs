// Scores every model on the same temporal split: per-head AUC, log loss and calibration,
// and NDCG@10 of the combined score per (user, day), averaged over groups with a positive.
using Recommender.Training.Data;
using Recommender.Training.Simulation;

namespace Recommender.Training.Evaluation;

public sealed record HeadResult(string Head, double Auc, double LogLoss, double Calibration, List<(double Predicted, double Observed)> Curve);

public sealed record ModelResult(string Model, IReadOnlyList<HeadResult> Heads, double Ndcg10);

public sealed class RandomScorer(int seed) : IHeadScorer
{
    private double[] rates = [];
    public string Name => "random";
    public void Fit(IReadOnlyList<LabeledImpression> train) =>
        rates = Enumerable.Range(0, LogEvent.Kinds.Count).Select(h => train.Average(r => r.Labels[h] ? 1.0 : 0.0)).ToArray();
    public double[][] Predict(IReadOnlyList<LabeledImpression> test)
    {
        var random = new Random(seed);
        return test.Select(_ => { var u = random.NextDouble() * 1e-3; return rates.Select(r => r + u).ToArray(); }).ToArray();
    }
}

public static class Evaluator
{
    /// <summary>Weights of the combined ranking score Σ w·p: click, upvote, save, hide.</summary>
    public static readonly double[] CombinedWeights = [1.0, 1.0, 1.5, -2.0];

    public static ModelResult Evaluate(IHeadScorer scorer, IReadOnlyList<LabeledImpression> train, IReadOnlyList<LabeledImpression> test)
    {
        scorer.Fit(train);
        var predictions = scorer.Predict(test);
        var heads = LogEvent.Kinds.Select((kind, h) =>
        {
            var p = predictions.Select(x => x[h]).ToList();
            var y = test.Select(r => r.Labels[h]).ToList();
            return new HeadResult(kind, Metrics.Auc(p, y), Metrics.LogLoss(p, y), Metrics.Calibration(p, y), Metrics.CalibrationCurve(p, y));
        }).ToList();
        var combined = predictions.Select(x => x.Select((p, h) => p * CombinedWeights[h]).Sum()).ToArray();
        return new ModelResult(scorer.Name, heads, MeanNdcg(test, combined));
    }

    public static double MeanNdcg(IReadOnlyList<LabeledImpression> test, IReadOnlyList<double> scores, int k = 10)
    {
        var values = Enumerable.Range(0, test.Count)
            .GroupBy(i => (test[i].UserId, SimulationResult.DayOf(test[i].Ts)))
            .Select(g => Metrics.Ndcg(g.Select(i => scores[i]).ToList(), g.Select(i => test[i].Relevance).ToList(), k))
            .Where(v => !double.IsNaN(v))
            .ToList();
        return values.Count == 0 ? double.NaN : values.Average();
    }
}
