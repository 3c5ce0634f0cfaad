// A/B between rankers: each user belongs to one variant, chosen by a hash of the user's id (so
// every silo and every restart agrees, with no table of assignments), in proportion to the
// configured shares. With no variants configured there is one, "default", for everyone.
using System.IO.Hashing;
using System.Text;

namespace Recommender.Ranking.Scoring;

/// <param name="Share">Relative weight (normalized over all variants).</param>
public sealed record RankerVariant(string Name, double Share, PromotableRankerSource Source);

public sealed class RankerVariants
{
    public const string DefaultName = "default";

    /// <summary>Cumulative upper bounds of each variant's slice of [0, 1).</summary>
    private readonly double[] bounds;

    public RankerVariants(IReadOnlyList<RankerVariant> variants)
    {
        if (variants.Count == 0)
            throw new ArgumentException("At least one ranker variant is needed.", nameof(variants));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in variants)
        {
            if (string.IsNullOrWhiteSpace(v.Name) || !names.Add(v.Name))
                throw new ArgumentException($"Ranker variant names must be non-empty and distinct; got '{v.Name}'.", nameof(variants));
            if (!(v.Share > 0) || double.IsInfinity(v.Share))
                throw new ArgumentException($"Ranker variant '{v.Name}': share must be a positive number; got {v.Share}.", nameof(variants));
        }
        All = variants;
        var total = variants.Sum(v => v.Share);
        bounds = new double[variants.Count];
        var sum = 0.0;
        for (var i = 0; i < variants.Count; i++)
        {
            sum += variants[i].Share / total;
            bounds[i] = sum;
        }
        bounds[^1] = 1.0;
    }

    /// <summary>One variant serving everyone from <paramref name="source"/>.</summary>
    public static RankerVariants Single(IRankerSource source) =>
        new([new RankerVariant(DefaultName, 1, source as PromotableRankerSource ?? new PromotableRankerSource(source))]);

    public IReadOnlyList<RankerVariant> All { get; }

    /// <summary>The index of the user's variant in <see cref="All"/>.</summary>
    public int IndexOf(string userId)
    {
        if (bounds.Length == 1)
            return 0;
        var point = Bucket(userId);
        for (var i = 0; i < bounds.Length - 1; i++)
        {
            if (point < bounds[i])
                return i;
        }
        return bounds.Length - 1;
    }

    public RankerVariant Of(string userId) => All[IndexOf(userId)];

    public RankerVariant? Named(string name) => All.FirstOrDefault(v => v.Name == name);

    /// <summary>The user's point in [0, 1): a 32-bit hash of the id, so it is the same everywhere and forever.</summary>
    public static double Bucket(string userId) => XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(userId)) / 4294967296.0;
}
