// A user's several interest vectors as scoring reads them: normalized once, packed in one array at half
// precision (as HalfVector, and for the same reasons), so the interest similarity of a pair is a few dot
// products over contiguous memory and a max.
using System.Numerics.Tensors;
using Recommender.Ranking.Embedding;

namespace Recommender.Ranking.Features;

public sealed class InterestSet
{
    private readonly Half[] packed;

    private InterestSet(Half[] packed, int count, int dimension)
    {
        this.packed = packed;
        Count = count;
        Dimension = dimension;
    }

    public int Count { get; }

    public int Dimension { get; }

    /// <summary>The set of the non-zero vectors among <paramref name="vectors"/> (all of one length), normalized; null when none is left.</summary>
    public static InterestSet? Of(IReadOnlyList<float[]> vectors)
    {
        var kept = vectors.Where(v => v.Length > 0 && TensorPrimitives.Norm(v) > 0f).ToArray();
        if (kept.Length == 0)
        {
            return null;
        }
        var dimension = kept[0].Length;
        if (kept.Any(v => v.Length != dimension))
        {
            throw new ArgumentException("Interest vectors must all have one length.", nameof(vectors));
        }
        var unit = new float[dimension];
        var packed = new Half[kept.Length * dimension];
        for (var i = 0; i < kept.Length; i++)
        {
            kept[i].CopyTo(unit, 0);
            VectorMath.NormalizeInPlace(unit);
            TensorPrimitives.ConvertToHalf(unit, packed.AsSpan(i * dimension, dimension));
        }
        return new InterestSet(packed, kept.Length, dimension);
    }

    /// <summary>Starts loading the packed values into the cache ahead of a scoring loop (<see cref="CacheLines"/>).</summary>
    public void Prefetch() => CacheLines.Prefetch<Half>(packed);

    /// <summary>Writes the <see cref="Count"/> × <see cref="Dimension"/> values in single precision, for <see cref="Similarity(ReadOnlySpan{float}, int, ReadOnlySpan{float}, float)"/>.</summary>
    public void CopyTo(Span<float> destination) => TensorPrimitives.ConvertToSingle(packed, destination);

    /// <summary>
    /// The best cosine between the paper and any of the interests (a reader of two themes is close to a paper of
    /// either); 0 for an empty or all-zero paper vector or one of another length, as <see cref="VectorMath.Cosine(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
    /// </summary>
    /// <remarks>Converts the set on every call: a caller comparing it with many papers converts once with <see cref="CopyTo"/>.</remarks>
    public float Similarity(ReadOnlySpan<float> paper, float paperNorm)
    {
        Span<float> unpacked = packed.Length <= HalfVector.StackLimit ? stackalloc float[packed.Length] : new float[packed.Length];
        CopyTo(unpacked);
        return Similarity(unpacked, Dimension, paper, paperNorm);
    }

    /// <summary>The same similarity over a set <see cref="CopyTo"/> wrote into <paramref name="unpacked"/>.</summary>
    public static float Similarity(ReadOnlySpan<float> unpacked, int dimension, ReadOnlySpan<float> paper, float paperNorm)
    {
        if (unpacked.IsEmpty || paper.Length != dimension || paperNorm <= 0f)
        {
            return 0f;
        }
        var best = float.NegativeInfinity;
        for (var start = 0; start < unpacked.Length; start += dimension)
        {
            best = MathF.Max(best, TensorPrimitives.Dot(unpacked.Slice(start, dimension), paper));
        }
        return best / paperNorm;
    }
}
