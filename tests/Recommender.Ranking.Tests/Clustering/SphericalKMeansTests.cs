using Recommender.Ranking.Clustering;

namespace Recommender.Ranking.Tests.Clustering;

public sealed class SphericalKMeansTests
{
    // Points scattered tightly around `groups` orthogonal directions; the truth is index % groups.
    private static List<float[]> Blobs(int groups, int perGroup, int dimension, int seed)
    {
        var random = new Random(seed);
        var points = new List<float[]>();
        for (var i = 0; i < groups * perGroup; i++)
        {
            var point = new float[dimension];
            for (var d = 0; d < dimension; d++)
            {
                point[d] = (float)(random.NextDouble() - 0.5) * 0.3f;
            }
            point[i % groups] += 3f;
            points.Add(point);
        }
        return points;
    }

    [Fact]
    public void Well_separated_clusters_are_recovered_exactly()
    {
        var points = Blobs(groups: 5, perGroup: 40, dimension: 16, seed: 3);

        var result = SphericalKMeans.Cluster(points, k: 5, seed: 11);

        // Every true group maps to one cluster and every cluster to one group.
        var mapping = Enumerable.Range(0, points.Count).Select(i => (Truth: i % 5, Cluster: result.Assignments[i])).Distinct().ToList();
        Assert.Equal(5, mapping.Count);
        Assert.Equal(5, mapping.Select(m => m.Cluster).Distinct().Count());
        Assert.All(Enumerable.Range(0, 5), c => Assert.Equal(40, result.SizeOf(c)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_clustering()
    {
        var points = Blobs(groups: 3, perGroup: 30, dimension: 8, seed: 5);

        var first = SphericalKMeans.Cluster(points, k: 4, seed: 7);
        var second = SphericalKMeans.Cluster(points, k: 4, seed: 7);

        Assert.Equal(first.Assignments, second.Assignments);
        Assert.Equal(first.Centroids.SelectMany(c => c), second.Centroids.SelectMany(c => c));
    }

    [Fact]
    public void Centroids_are_unit_vectors()
    {
        var result = SphericalKMeans.Cluster(Blobs(3, 10, 6, seed: 1), k: 3, seed: 2);

        Assert.All(result.Centroids, c => Assert.Equal(1.0, Math.Sqrt(c.Sum(x => (double)x * x)), 3));
    }

    [Fact]
    public void More_clusters_than_points_gives_one_cluster_per_point()
    {
        var result = SphericalKMeans.Cluster([[1f, 0f], [0f, 1f]], k: 5, seed: 1);

        Assert.Equal(2, result.Centroids.Length);
        Assert.NotEqual(result.Assignments[0], result.Assignments[1]);
    }

    [Fact]
    public void No_points_give_an_empty_result_and_k_below_one_is_refused()
    {
        Assert.Empty(SphericalKMeans.Cluster([], k: 3, seed: 1).Assignments);
        Assert.Throws<ArgumentOutOfRangeException>(() => SphericalKMeans.Cluster([[1f]], k: 0, seed: 1));
    }
}
