// Spherical k-means (cosine similarity on unit vectors) with k-means++ seeding: groups
// paper vectors into candidate topics. Pure and deterministic for a given seed.
using System.Numerics.Tensors;
using Recommender.Ranking.Embedding;

namespace Recommender.Ranking.Clustering;

/// <summary>Unit-length centroids, the cluster of each input vector, and the iterations run.</summary>
public sealed record KMeansResult(float[][] Centroids, int[] Assignments, int Iterations)
{
    public int SizeOf(int cluster) => Assignments.Count(a => a == cluster);
}

public static class SphericalKMeans
{
    public static KMeansResult Cluster(IReadOnlyList<float[]> vectors, int k, int seed, int maxIterations = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (vectors.Count == 0)
        {
            return new KMeansResult([], [], 0);
        }
        var dimension = vectors[0].Length;
        if (vectors.Any(v => v.Length != dimension))
        {
            throw new ArgumentException("All vectors must have the same dimension.", nameof(vectors));
        }
        k = Math.Min(k, vectors.Count);
        var points = vectors.Select(v => { var copy = (float[])v.Clone(); VectorMath.NormalizeInPlace(copy); return copy; }).ToArray();
        var random = new Random(seed);
        var centroids = SeedPlusPlus(points, k, random);
        var assignments = new int[points.Length];
        Array.Fill(assignments, -1);
        var iteration = 0;
        while (iteration < maxIterations)
        {
            iteration++;
            if (!Assign(points, centroids, assignments) && iteration > 1)
            {
                break;
            }
            Update(points, centroids, assignments);
        }
        return new KMeansResult(centroids, assignments, iteration);
    }

    // k-means++: each next centre is drawn with probability proportional to its squared
    // cosine distance from the nearest chosen centre, which spreads the starting points.
    private static float[][] SeedPlusPlus(float[][] points, int k, Random random)
    {
        var centroids = new List<float[]> { (float[])points[random.Next(points.Length)].Clone() };
        var distance = new double[points.Length];
        while (centroids.Count < k)
        {
            double total = 0;
            for (var i = 0; i < points.Length; i++)
            {
                var d = 1.0 - centroids.Max(c => (double)TensorPrimitives.Dot(points[i], c));
                distance[i] = Math.Max(0, d) * Math.Max(0, d);
                total += distance[i];
            }
            var chosen = total <= 0 ? random.Next(points.Length) : Draw(distance, total * random.NextDouble());
            centroids.Add((float[])points[chosen].Clone());
        }
        return [.. centroids];
    }

    private static int Draw(double[] weights, double target)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target <= 0 && weights[i] > 0)
            {
                return i;
            }
        }
        return Array.FindLastIndex(weights, w => w > 0);
    }

    /// <summary>Moves each point to its most similar centroid; true when any moved.</summary>
    private static bool Assign(float[][] points, float[][] centroids, int[] assignments)
    {
        var changed = false;
        for (var i = 0; i < points.Length; i++)
        {
            var best = 0;
            var bestSimilarity = float.NegativeInfinity;
            for (var c = 0; c < centroids.Length; c++)
            {
                var similarity = TensorPrimitives.Dot(points[i], centroids[c]);
                if (similarity > bestSimilarity)
                {
                    best = c;
                    bestSimilarity = similarity;
                }
            }
            changed |= assignments[i] != best;
            assignments[i] = best;
        }
        return changed;
    }

    private static void Update(float[][] points, float[][] centroids, int[] assignments)
    {
        var sizes = new int[centroids.Length];
        foreach (var centroid in centroids)
        {
            Array.Clear(centroid);
        }
        for (var i = 0; i < points.Length; i++)
        {
            TensorPrimitives.Add(centroids[assignments[i]], points[i], centroids[assignments[i]]);
            sizes[assignments[i]]++;
        }
        for (var c = 0; c < centroids.Length; c++)
        {
            if (sizes[c] == 0)
            {
                // An emptied cluster restarts at the point its own centroid fits worst,
                // so k clusters are always returned.
                points[WorstFit(points, centroids, assignments)].CopyTo(centroids[c]);
            }
            VectorMath.NormalizeInPlace(centroids[c]);
        }
    }

    private static int WorstFit(float[][] points, float[][] centroids, int[] assignments)
    {
        var worst = 0;
        var worstSimilarity = float.PositiveInfinity;
        for (var i = 0; i < points.Length; i++)
        {
            var similarity = TensorPrimitives.Dot(points[i], centroids[assignments[i]]);
            if (similarity < worstSimilarity)
            {
                worst = i;
                worstSimilarity = similarity;
            }
        }
        return worst;
    }
}
