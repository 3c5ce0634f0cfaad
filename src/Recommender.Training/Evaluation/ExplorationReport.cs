// `recommender report explore`: the click rate of the exploratory slots against the ranked ones,
// from impressions that carry the propensity GetFeed gave them. The exploratory estimate weights each
// impression by 1 / propensity (a self-normalized, Hájek, inverse-propensity estimate), so it is the
// click rate of an uncertain candidate taken at random from every page's pool, whatever pool sizes
// the pages had. Its 95% interval is Wilson's at the weights' effective sample size; the difference
// of the two rates takes the normal interval of the estimators' linearized variances.
using Recommender.Training.Data;

namespace Recommender.Training.Evaluation;

/// <summary>An inverse-propensity-weighted click rate.</summary>
/// <param name="Impressions">Impressions counted.</param>
/// <param name="Clicks">Of those, clicked.</param>
/// <param name="Rate">Σ click / propensity ÷ Σ 1 / propensity; NaN without impressions.</param>
/// <param name="EffectiveSize">(Σ w)² / Σ w²: how many equally weighted impressions the estimate is worth.</param>
/// <param name="MeanPredicted">The model's mean click probability of these impressions (logged task_scores), NaN when none was logged.</param>
public sealed record WeightedRate(long Impressions, long Clicks, double Rate, double Low, double High, double EffectiveSize, double MeanPredicted)
{
    /// <summary>The estimate's standard error (linearized), for intervals of differences.</summary>
    public double StandardError { get; init; }
}

/// <param name="Unlogged">Impressions without a propensity (recorded by a client that sent none), left out.</param>
/// <param name="Difference">Exploratory − ranked, with the 95% interval of the difference of two independent estimates.</param>
public sealed record ExplorationOutcome(WeightedRate Exploratory, WeightedRate Ranked, long Unlogged, double Difference, double DifferenceLow, double DifferenceHigh);

public static class ExplorationReport
{
    /// <summary>Impressions joined to clicks as in `logs to-csv` and `report ab` (<see cref="ImpressionOutcomes"/>), split by slot kind.</summary>
    public static ExplorationOutcome Compute(IEnumerable<LogEvent> events)
    {
        var exploratory = new List<(double Weight, bool Click, double? Predicted)>();
        var ranked = new List<(double Weight, bool Click, double? Predicted)>();
        long unlogged = 0;
        foreach (var (impression, kinds) in ImpressionOutcomes.Join(events))
        {
            if (impression.Propensity is not ({ } propensity and > 0 and <= 1))
            {
                unlogged++;
                continue;
            }
            double? predicted = impression.TaskScores is { } scores && scores.TryGetValue("click", out var click) ? click : null;
            (impression.Exploratory == true ? exploratory : ranked).Add((1 / propensity, kinds.Contains("click"), predicted));
        }
        var explored = Estimate(exploratory);
        var shown = Estimate(ranked);
        var difference = explored.Rate - shown.Rate;
        var half = Proportion.Z95 * Math.Sqrt(explored.StandardError * explored.StandardError + shown.StandardError * shown.StandardError);
        return new ExplorationOutcome(explored, shown, unlogged, difference, difference - half, difference + half);
    }

    /// <summary>The weighted rate, its interval, and its standard error from the linearized variance Σ w² (c − rate)² / (Σ w)².</summary>
    public static WeightedRate Estimate(IReadOnlyList<(double Weight, bool Click, double? Predicted)> impressions)
    {
        if (impressions.Count == 0)
        {
            return new WeightedRate(0, 0, double.NaN, 0, 1, 0, double.NaN) { StandardError = double.NaN };
        }
        double sum = 0, squares = 0, clicked = 0;
        foreach (var (weight, click, _) in impressions)
        {
            sum += weight;
            squares += weight * weight;
            clicked += click ? weight : 0;
        }
        var rate = clicked / sum;
        var variance = impressions.Sum(i => i.Weight * i.Weight * Math.Pow((i.Click ? 1 : 0) - rate, 2)) / (sum * sum);
        var effective = sum * sum / squares;
        var (low, high) = Wilson(rate, effective);
        var predicted = impressions.Where(i => i.Predicted is not null).Select(i => i.Predicted!.Value).DefaultIfEmpty(double.NaN).Average();
        return new WeightedRate(impressions.Count, impressions.LongCount(i => i.Click), rate, low, high, effective, predicted)
        { StandardError = Math.Sqrt(variance) };
    }

    /// <summary>
    /// The Wilson score interval at Kish's effective sample size: with equal weights it is exactly `report ab`'s interval,
    /// and unlike the normal one it stays inside [0, 1] and is not empty when no slot was clicked.
    /// </summary>
    private static (double Low, double High) Wilson(double p, double n)
    {
        var z2 = Proportion.Z95 * Proportion.Z95;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2 * n)) / denominator;
        var half = Proportion.Z95 / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, center - half), Math.Min(1, center + half));
    }
}
