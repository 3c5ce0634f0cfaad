// `recommender report ab`: per ranker variant, how many impressions and what share of them were
// clicked, saved and hidden, each with a 95% Wilson score interval (it stays inside [0, 1] and
// keeps its coverage for rates near 0, where hide rates live, unlike the normal approximation).
using Recommender.Training.Data;

namespace Recommender.Training.Evaluation;

/// <summary>A share of trials with its 95% Wilson score interval; NaN rate and [0, 1] for no trials.</summary>
public readonly record struct Proportion(long Successes, long Trials, double Rate, double Low, double High)
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    public static Proportion Wilson(long successes, long trials)
    {
        if (trials <= 0)
        {
            return new Proportion(0, 0, double.NaN, 0, 1);
        }
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        double n = trials, p = successes / n, z2 = Z95 * Z95;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2 * n)) / denominator;
        var half = Z95 / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Proportion(successes, trials, p, Math.Max(0, center - half), Math.Min(1, center + half));
    }
}

public sealed record VariantOutcome(string Variant, long Impressions, Proportion Click, Proportion Save, Proportion Hide);

public static class AbReport
{
    /// <summary>What an impression without a variant (logged before A/B existed, or simulated) is counted under.</summary>
    public const string NoVariant = "(none)";

    /// <summary>
    /// Each impression counts as clicked (saved, hidden) when the same user gave that feedback on the same
    /// paper at or after it and before the pair's next impression (<see cref="ImpressionOutcomes"/>, the join
    /// of `logs to-csv`); feedback with no impression before it is left out. Variants in name order.
    /// </summary>
    public static IReadOnlyList<VariantOutcome> Compute(IEnumerable<LogEvent> events)
    {
        var counts = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var (impression, kinds) in ImpressionOutcomes.Join(events))
        {
            var variant = string.IsNullOrEmpty(impression.Variant) ? NoVariant : impression.Variant;
            if (!counts.TryGetValue(variant, out var current))
            {
                counts[variant] = current = new long[4];
            }
            current[0]++;
            current[1] += kinds.Contains("click") ? 1 : 0;
            current[2] += kinds.Contains("save") ? 1 : 0;
            current[3] += kinds.Contains("hide") ? 1 : 0;
        }
        return counts.Select(c => new VariantOutcome(c.Key, c.Value[0],
            Proportion.Wilson(c.Value[1], c.Value[0]), Proportion.Wilson(c.Value[2], c.Value[0]), Proportion.Wilson(c.Value[3], c.Value[0]))).ToArray();
    }
}
