// How recall by interest shares its probes among a user's several interests, for the service and for the
// offline replay alike: each interest is probed in turn, so a reader of two themes is probed in both.
namespace Recommender.Ranking.Recall;

public static class InterestProbes
{
    /// <summary>
    /// The probed items (topics) for several interests (most important first): each interest gets a share of the
    /// probes, dealt in turn (its nearest item, then the next interest's nearest, …; an item already taken is skipped).
    /// At least one probe per interest: max(<paramref name="count"/>, interests) in all; none when <paramref name="count"/> is 0 (the source is off).
    /// <paramref name="nearest"/> gives an interest's nearest items, nearest first, at most as many as asked.
    /// </summary>
    public static IReadOnlyList<string> Deal(IReadOnlyList<float[]> interests, int count, Func<float[], int, IReadOnlyList<string>> nearest)
    {
        if (count <= 0)
        {
            return [];
        }
        var budget = Math.Max(count, interests.Count);
        var ranked = interests.Select(interest => nearest(interest, budget)).ToArray();
        var next = new int[ranked.Length];
        var taken = new List<string>(budget);
        for (var progress = true; taken.Count < budget && progress;)
        {
            progress = false;
            for (var i = 0; i < ranked.Length && taken.Count < budget; i++)
            {
                while (next[i] < ranked[i].Count && taken.Contains(ranked[i][next[i]]))
                {
                    next[i]++;
                }
                if (next[i] < ranked[i].Count)
                {
                    taken.Add(ranked[i][next[i]++]);
                    progress = true;
                }
            }
        }
        return taken;
    }
}
