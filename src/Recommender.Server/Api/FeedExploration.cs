// Exploration slots of a feed page: a share of its slots go to papers the model is unsure about,
// drawn at random from the most uncertain papers below the page's cut, so that clicks on them can
// teach the model what its ranking alone would never show. The draw is uniform and seeded by the
// page itself (user, token, candidates), so a re-read gives the same page (same ETag) and the
// probability that a paper was put in its slot, the propensity, is known exactly.
namespace Recommender.Server.Api;

public static class FeedExploration
{
    /// <summary>One slot of a page.</summary>
    /// <param name="Index">The item's index in the whole feed.</param>
    /// <param name="Propensity">The probability that the policy put this item in this slot, given the feed and the token: 1 for a ranked slot, 1/N for an exploratory one.</param>
    public readonly record struct Slot(int Index, bool Exploratory, double Propensity);

    /// <summary>How many of a page's <paramref name="size"/> slots explore: the share, rounded down.</summary>
    public static int SlotsFor(double share, int size) => (int)Math.Floor(share * size + 1e-9);

    /// <summary>
    /// The page of at most <paramref name="size"/> items out of <paramref name="remaining"/> (indexes into the feed, in
    /// feed order). Without exploration, or when everything remaining fits on the page (nothing is then left out, so
    /// there is nothing to explore), the first <paramref name="size"/>. Otherwise the first size − e items keep their
    /// ranked order, and e exploratory slots, spread evenly over the page, take e of the N papers below that cut whose
    /// predicted click probability (<paramref name="click"/>) is nearest 0.5, drawn uniformly without replacement:
    /// each of the N lands in a given exploratory slot with probability exactly 1/N (and on the page with e/N).
    /// </summary>
    /// <param name="click">The model's click probability of the feed item at an index; NaN when the ranker has none (then least preferred).</param>
    public static Slot[] Page(IReadOnlyList<int> remaining, int size, Func<int, double> click, ExplorationSettings settings, ulong seed)
    {
        // Never more slots than candidates: the page keeps its size.
        var explore = Math.Min(SlotsFor(settings.Share, size), settings.Candidates);
        if (explore == 0 || remaining.Count <= size)
        {
            var first = new Slot[Math.Min(size, remaining.Count)];
            for (var i = 0; i < first.Length; i++)
            {
                first[i] = new Slot(remaining[i], false, 1);
            }
            return first;
        }
        var ranked = size - explore;
        // Nearest 0.5 = the largest Bernoulli variance p(1 − p): the outcome the model can least predict, so the
        // one whose click or no-click teaches it the most. Ties keep feed order, so the pool is a function of the feed.
        var below = new (double Distance, int Order)[remaining.Count - ranked];
        for (var order = 0; order < below.Length; order++)
        {
            var distance = Math.Abs(click(remaining[ranked + order]) - 0.5);
            below[order] = (double.IsNaN(distance) ? 1 : distance, order);
        }
        // (distance, order) pairs are distinct, so the unstable sort still gives one order.
        Array.Sort(below);
        var pool = new int[Math.Min(settings.Candidates, below.Length)];
        for (var j = 0; j < pool.Length; j++)
        {
            pool[j] = remaining[ranked + below[j].Order];
        }
        var random = new SplitMix64(seed);
        for (var j = 0; j < explore; j++)
        {
            // A partial Fisher–Yates shuffle: every ordered choice of `explore` out of the pool is equally likely.
            var k = j + random.Below(pool.Length - j);
            (pool[j], pool[k]) = (pool[k], pool[j]);
        }
        var propensity = 1.0 / pool.Length;
        var page = new Slot[size];
        for (int p = 0, r = 0, x = 0; p < page.Length; p++)
        {
            page[p] = x < explore && p == Place(x, explore, size) ? new Slot(pool[x++], true, propensity) : new Slot(remaining[r++], false, 1);
        }
        return page;
    }

    /// <summary>The page position of exploratory slot <paramref name="j"/>: spread over the page (20 items, 2 slots: the 7th and the 14th), not at its end, where few readers look.</summary>
    private static int Place(int j, int explore, int size) => (j + 1) * size / (explore + 1);

    /// <summary>SplitMix64 (Steele, Lea and Flood): a tiny generator that is the same on every machine and .NET version, unlike System.Random's seeded sequence, which is not promised.</summary>
    private struct SplitMix64(ulong state)
    {
        private ulong _state = state;

        private ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, n), exactly: draws at or above the largest multiple of n are drawn again, so no value is favoured.</summary>
        public int Below(int n)
        {
            var limit = ulong.MaxValue - ulong.MaxValue % (ulong)n;
            ulong x;
            do
            {
                x = Next();
            }
            while (x >= limit);
            return (int)(x % (ulong)n);
        }
    }
}
