// Finds candidate topics in the catalogue: clusters paper vectors, names each cluster by
// its distinctive terms and picks the papers nearest its centre as examples.
using Recommender.Ranking.Clustering;
using Recommender.Ranking.Embedding;

namespace Recommender.Cli.Topics;

public sealed record CatalogPaper(string Id, string Title, string Abstract, float[] Vector);

public sealed record DiscoveredTopic(string Id, string Label, int Size, IReadOnlyList<string> TopTerms, IReadOnlyList<CatalogPaper> Examples);

public static class TopicDiscovery
{
    public static IReadOnlyList<DiscoveredTopic> Discover(IReadOnlyList<CatalogPaper> papers, int k, int seed, int examples = 3, int topTerms = 5)
    {
        if (papers.Count == 0)
        {
            return [];
        }
        var result = SphericalKMeans.Cluster(papers.Select(p => p.Vector).ToArray(), k, seed);
        var labels = ClusterLabeler.Label(papers.Select(p => p.Title + "\n" + p.Abstract).ToArray(), result.Assignments, result.Centroids.Length, topTerms);
        return labels
            .Select(label => new DiscoveredTopic(label.Slug, label.Label, label.Size, label.TopTerms, Nearest(papers, result, label.Cluster, examples)))
            .Where(t => t.Size > 0)
            .OrderByDescending(t => t.Size)
            .ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToArray();
    }

    private static CatalogPaper[] Nearest(IReadOnlyList<CatalogPaper> papers, KMeansResult result, int cluster, int count) =>
        Enumerable.Range(0, papers.Count)
            .Where(i => result.Assignments[i] == cluster)
            .OrderByDescending(i => VectorMath.Cosine(papers[i].Vector, result.Centroids[cluster]))
            .ThenBy(i => papers[i].Id, StringComparer.Ordinal)
            .Take(count)
            .Select(i => papers[i])
            .ToArray();
}
