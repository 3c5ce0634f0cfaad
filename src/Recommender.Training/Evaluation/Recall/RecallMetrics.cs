// Metrics of a recall-and-rank pipeline over a whole catalogue: recall of a user's positives,
// NDCG whose ideal counts every positive (also those no source recalled), and catalogue coverage.
namespace Recommender.Training.Evaluation.Recall;

public static class RecallMetrics
{
    /// <summary>
    /// Share of <paramref name="relevance"/>'s positive papers found in the first <paramref name="k"/> of
    /// <paramref name="ranked"/> (all of it when k is null); NaN when the user has no positive.
    /// </summary>
    public static double Recall(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevance, int? k = null)
    {
        var positives = relevance.Count(r => r.Value > 0);
        if (positives == 0)
        {
            return double.NaN;
        }
        var found = ranked.Take(k ?? ranked.Count).Distinct().Count(id => relevance.TryGetValue(id, out var r) && r > 0);
        return found / (double)positives;
    }

    /// <summary>
    /// NDCG@k of <paramref name="ranked"/> with gains 2^rel − 1 (papers absent from <paramref name="relevance"/>
    /// count 0); the ideal ranks all the user's relevant papers, so a positive that recall missed lowers it.
    /// NaN when nothing is relevant.
    /// </summary>
    public static double Ndcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevance, int k = 10)
    {
        var idcg = Dcg(relevance.Values.Where(r => r > 0).OrderByDescending(r => r).Take(k));
        return idcg == 0 ? double.NaN : Dcg(ranked.Take(k).Select(id => relevance.GetValueOrDefault(id))) / idcg;
    }

    /// <summary>Share of <paramref name="catalogue"/> that appears in at least one of <paramref name="feeds"/>; NaN for an empty catalogue.</summary>
    public static double Coverage(IEnumerable<IEnumerable<string>> feeds, IReadOnlyCollection<string> catalogue)
    {
        if (catalogue.Count == 0)
        {
            return double.NaN;
        }
        var shown = feeds.SelectMany(f => f).ToHashSet(StringComparer.Ordinal);
        return catalogue.Count(shown.Contains) / (double)catalogue.Count;
    }

    private static double Dcg(IEnumerable<int> relevance) =>
        relevance.Select((r, i) => (Math.Pow(2, r) - 1) / Math.Log2(i + 2)).Sum();
}
