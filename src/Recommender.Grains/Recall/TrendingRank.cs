// How trending papers are ranked: upvotes discounted by age, so a paper that gathered many upvotes
// in a short time (a high upvote velocity) beats an older one with as many.
using Recommender.Abstractions.Papers;

namespace Recommender.Grains.Recall;

public static class TrendingRank
{
    /// <summary>A day younger counts as much as e times the upvotes (the discount's time constant).</summary>
    public static readonly TimeSpan DecayTime = TimeSpan.FromDays(1);

    /// <summary>
    /// ln(1 + upvotes) − age / <see cref="DecayTime"/>, written with the publication time instead of the age
    /// so that the order never changes as time passes (every age grows alike), and needs no clock.
    /// The service sees upvote counts, not the times of the votes, so count per age stands in for velocity.
    /// </summary>
    public static double Hotness(RoutedPaper paper)
    {
        var published = paper.Summary.PublishedAt ?? paper.ArrivedAt;
        return Math.Log(1 + Math.Max(0, paper.Summary.Upvotes)) + published.ToUnixTimeSeconds() / DecayTime.TotalSeconds;
    }

    /// <summary>The <paramref name="count"/> hottest papers with at least one upvote, hottest first (ties: the newer position).</summary>
    public static IReadOnlyList<RoutedPaper> Select(IEnumerable<RoutedPaper> recent, int count) => recent
        .Where(p => p.Summary.Upvotes > 0)
        .OrderByDescending(Hotness)
        .ThenByDescending(p => p.Position)
        .Take(count)
        .ToArray();
}
