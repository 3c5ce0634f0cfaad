// Splits examples by time: training on the earlier days, testing on the later ones.
using Recommender.Training.Data;

namespace Recommender.Training.Evaluation;

public static class TemporalSplit
{
    /// <summary>Everything before the cutoff trains, the rest tests; the cutoff is the start of
    /// the day that leaves about <paramref name="testFraction"/> of the days for testing.</summary>
    public static (List<LabeledImpression> Train, List<LabeledImpression> Test) Split(
        IEnumerable<LabeledImpression> rows, double testFraction = 0.3)
    {
        var sorted = rows.OrderBy(r => r.Ts).ToList();
        if (sorted.Count == 0)
        {
            return ([], []);
        }
        var first = sorted[0].Ts.UtcDateTime.Date;
        var days = (sorted[^1].Ts.UtcDateTime.Date - first).Days + 1;
        var trainDays = Math.Clamp((int)Math.Round(days * (1 - testFraction)), 1, Math.Max(1, days - 1));
        var cutoff = new DateTimeOffset(first.AddDays(trainDays), TimeSpan.Zero);
        return (sorted.Where(r => r.Ts < cutoff).ToList(), sorted.Where(r => r.Ts >= cutoff).ToList());
    }
}
