// Names clusters by the terms that set them apart: words far more common in a cluster's
// papers than in the whole collection, so "learning" never labels anything.
using Recommender.Ranking.Text;

namespace Recommender.Ranking.Clustering;

public sealed record ClusterLabel(int Cluster, string Label, string Slug, IReadOnlyList<string> TopTerms, int Size);

public static class ClusterLabeler
{
    /// <summary>Labels each cluster from the texts (title and abstract) of its members.</summary>
    public static IReadOnlyList<ClusterLabel> Label(IReadOnlyList<string> texts, IReadOnlyList<int> assignments, int clusters, int topTerms = 5)
    {
        if (texts.Count != assignments.Count)
        {
            throw new ArgumentException("One assignment per text is required.", nameof(assignments));
        }
        // Document frequency: a term repeated in one abstract should not outweigh a term in many papers.
        var overall = new Dictionary<string, int>(StringComparer.Ordinal);
        var perCluster = Enumerable.Range(0, clusters).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var sizes = new int[clusters];
        for (var i = 0; i < texts.Count; i++)
        {
            sizes[assignments[i]]++;
            foreach (var term in Tokenizer.Tokenize(texts[i]).Distinct())
            {
                overall[term] = overall.GetValueOrDefault(term) + 1;
                perCluster[assignments[i]][term] = perCluster[assignments[i]].GetValueOrDefault(term) + 1;
            }
        }
        var labels = new List<ClusterLabel>(clusters);
        var usedSlugs = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < clusters; c++)
        {
            var terms = perCluster[c]
                .Where(t => sizes[c] < 3 || t.Value >= 2)
                .Select(t => (Term: t.Key, Score: Distinctiveness(t.Value, sizes[c], overall[t.Key], texts.Count)))
                .OrderByDescending(t => t.Score)
                .ThenBy(t => t.Term, StringComparer.Ordinal)
                .Take(topTerms)
                .Select(t => t.Term)
                .ToArray();
            var label = terms.Length == 0 ? $"cluster {c + 1}" : string.Join(", ", terms.Take(3));
            labels.Add(new ClusterLabel(c, label, UniqueSlug(terms, c, usedSlugs), terms, sizes[c]));
        }
        return labels;
    }

    // How common the term is in the cluster, times how much more common than overall (lift).
    private static double Distinctiveness(int inCluster, int clusterSize, int overall, int total)
    {
        var pCluster = (double)inCluster / clusterSize;
        var pOverall = (double)overall / total;
        return pCluster * Math.Log(pCluster / pOverall + 1e-9);
    }

    /// <summary>A topic id: lower-case letters, digits and '-', at most 64 characters.</summary>
    public static string Slugify(string text)
    {
        var chars = text.ToLowerInvariant().Select(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' ? ch : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length <= 64 ? slug : slug[..64].TrimEnd('-');
    }

    private static string UniqueSlug(string[] terms, int cluster, HashSet<string> used)
    {
        var slug = Slugify(string.Join('-', terms.Take(2)));
        if (slug.Length == 0)
        {
            slug = $"cluster-{cluster + 1}";
        }
        var candidate = slug;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }
        return candidate;
    }
}
