// A user's several interest vectors as scoring reads them: normalized once, packed in one array, so
// the interest similarity of a pair is a few dot products over contiguous memory and a max.
using System.Numerics.Tensors;
using Recommender.Ranking.Embedding;

namespace Recommender.Ranking.Features;

public sealed class InterestSet
{
    private readonly float[] packed;

    private InterestSet(float[] packed, int count, int dimension)
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
        var packed = new float[kept.Length * dimension];
        for (var i = 0; i < kept.Length; i++)
        {
            var slot = packed.AsSpan(i * dimension, dimension);
            kept[i].CopyTo(slot);
            VectorMath.NormalizeInPlace(slot);
        }
        return new InterestSet(packed, kept.Length, dimension);
    }

    /// <summary>The vector <paramref name="index"/>, unit length.</summary>
    public ReadOnlySpan<float> this[int index] => packed.AsSpan(index * Dimension, Dimension);

    /// <summary>
    /// The best cosine between the paper and any of the interests (a reader of two themes is close to a paper of
    /// either); 0 for an empty or all-zero paper vector or one of another length, as <see cref="VectorMath.Cosine(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
    /// </summary>
    public float Similarity(ReadOnlySpan<float> paper, float paperNorm)
    {
        if (paper.Length != Dimension || paperNorm <= 0f)
        {
            return 0f;
        }
        var best = float.NegativeInfinity;
        for (var i = 0; i < Count; i++)
        {
            best = MathF.Max(best, TensorPrimitives.Dot(packed.AsSpan(i * Dimension, Dimension), paper));
        }
        return best / paperNorm;
    }
}
