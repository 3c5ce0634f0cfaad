// The theme check: a user seeded with five papers of one page gets the top 10 of all pages'
// papers by cosine to the seeds' centroid (or, as the service scores, by the best cosine over the interests it
// keeps of the seeds); the figure is the share of that top 10 from the seed page, averaged over random seed
// draws. Every method sees the same draws (a paired comparison).
using System.Diagnostics;
using System.Numerics.Tensors;
using Recommender.Ranking.Clustering;
using Recommender.Ranking.Embedding;

namespace Recommender.Training.Evaluation.Themes;

/// <summary>A way of turning the fixture's papers into vectors (one per paper, same order).</summary>
public sealed record ThemeMethod(string Name, Func<IReadOnlyList<ThemePaper>, float[][]> Vectors)
{
    /// <summary>
    /// Score as the service does: the seeds taken in one by one by its interest rule (InterestClusters, default
    /// settings) and a paper scored by its best cosine over the interests, instead of its cosine to the seeds' centroid.
    /// </summary>
    public bool ServiceInterests { get; init; }
}

public sealed record ThemeMethodResult(string Method, IReadOnlyDictionary<string, double> ShareByPage, double MeanShare, double PapersPerSecond);

public sealed record ThemeCheckResult(IReadOnlyList<string> Pages, int PapersPerPage, int Draws, int Seeds, int TopK, IReadOnlyList<ThemeMethodResult> Methods);

public static class ThemeCheck
{
    public const int SeedPapers = 5;
    public const int TopK = 10;

    public static ThemeCheckResult Run(IReadOnlyList<ThemePaper> papers, IReadOnlyList<ThemeMethod> methods, int drawsPerPage = 50, int seed = 1)
    {
        var pages = papers.Select(p => p.Page).Distinct().ToArray();
        var members = pages.ToDictionary(page => page, page => Enumerable.Range(0, papers.Count).Where(i => papers[i].Page == page).ToArray());
        if (members.Values.Any(m => m.Length < SeedPapers + TopK))
            throw new ArgumentException($"Every page needs at least {SeedPapers + TopK} papers.", nameof(papers));
        var random = new Random(seed);
        var draws = pages.ToDictionary(page => page, page => Enumerable.Range(0, drawsPerPage)
            .Select(_ => Shuffle(members[page], random).Take(SeedPapers).ToArray())
            .ToArray());
        var results = new List<ThemeMethodResult>();
        foreach (var method in methods)
        {
            var watch = Stopwatch.StartNew();
            var vectors = method.Vectors(papers);
            var rate = papers.Count / Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
            var shares = pages.ToDictionary(page => page, page => draws[page].Average(d => Share(vectors, papers, d, page, method.ServiceInterests)));
            results.Add(new ThemeMethodResult(method.Name, shares, shares.Values.Average(), rate));
        }
        return new ThemeCheckResult(pages, papers.Count / pages.Length, drawsPerPage, SeedPapers, TopK, results);
    }

    /// <summary>The share of the top 10 (seeds excluded) that comes from the seeds' page.</summary>
    private static double Share(float[][] vectors, IReadOnlyList<ThemePaper> papers, int[] seeds, string page, bool serviceInterests)
    {
        var score = serviceInterests ? ServiceScore(vectors, seeds) : CentroidScore(vectors, seeds);
        var top = Enumerable.Range(0, vectors.Length)
            .Where(i => !seeds.Contains(i))
            .OrderByDescending(i => score(vectors[i]))
            .ThenBy(i => i)
            .Take(TopK);
        return top.Count(i => papers[i].Page == page) / (double)TopK;
    }

    private static Func<float[], float> CentroidScore(float[][] vectors, int[] seeds)
    {
        var centroid = new float[vectors[0].Length];
        foreach (var s in seeds)
            for (var j = 0; j < centroid.Length; j++)
                centroid[j] += vectors[s][j];
        VectorMath.NormalizeInPlace(centroid);
        return paper => VectorMath.Cosine(centroid, paper);
    }

    private static Func<float[], float> ServiceScore(float[][] vectors, int[] seeds)
    {
        IReadOnlyList<InterestGroup> interests = [];
        foreach (var s in seeds)
            if (InterestClusters.TryAdd(interests, vectors[s], InterestWeights.Seed, InterestClustering.Default, out var next))
                interests = next;
        var set = InterestClusters.ForScoring(interests);
        return paper => set is null ? 0f : set.Similarity(paper, TensorPrimitives.Norm(paper));
    }

    private static IEnumerable<int> Shuffle(int[] items, Random random)
    {
        var copy = items.ToArray();
        random.Shuffle(copy);
        return copy;
    }
}
