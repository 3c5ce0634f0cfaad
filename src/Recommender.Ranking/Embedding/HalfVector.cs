// A user's vector as the ranker reads it, kept at half precision: a silo holds one per subscriber,
// and at 2 bytes a value instead of 4 it costs ~0.5 KB less per user at 256 dimensions.
using System.Numerics.Tensors;

namespace Recommender.Ranking.Embedding;

/// <summary>
/// An immutable vector stored as <see cref="Half"/> values. Every path that scores a user (the topics' fan-out,
/// a feed rebuild, the features logged for training) reads the user's vectors through one of these, so they all
/// see the same rounded values and the same norm: the rounding (relative error under 0.05%) never makes two
/// paths disagree on a score.
/// </summary>
public sealed class HalfVector
{
    /// <summary>Above this length a copy to single precision goes to the heap instead of the stack.</summary>
    public const int StackLimit = 1024;

    public static readonly HalfVector Empty = new([], 0f);

    private readonly Half[] values;

    private HalfVector(Half[] values, float norm)
    {
        this.values = values;
        Norm = norm;
    }

    public int Length => values.Length;

    /// <summary>The norm of the rounded values (0 for an empty or all-zero vector).</summary>
    public float Norm { get; }

    /// <summary>The vector rounded to half precision; an empty vector gives <see cref="Empty"/>.</summary>
    public static HalfVector Of(ReadOnlySpan<float> vector)
    {
        if (vector.IsEmpty)
        {
            return Empty;
        }
        var values = new Half[vector.Length];
        TensorPrimitives.ConvertToHalf(vector, values);
        Span<float> rounded = vector.Length <= StackLimit ? stackalloc float[vector.Length] : new float[vector.Length];
        TensorPrimitives.ConvertToSingle(values, rounded);
        return new HalfVector(values, TensorPrimitives.Norm(rounded));
    }

    /// <summary>Starts loading the values into the cache ahead of a scoring loop (<see cref="CacheLines"/>).</summary>
    public void Prefetch() => CacheLines.Prefetch<Half>(values);

    /// <summary>Writes the values in single precision into <paramref name="destination"/> (at least <see cref="Length"/> long).</summary>
    public void CopyTo(Span<float> destination) => TensorPrimitives.ConvertToSingle(values, destination);

    /// <summary>Cosine with <paramref name="other"/>, as <see cref="VectorMath.Cosine(ReadOnlySpan{float}, float, ReadOnlySpan{float}, float)"/> gives it for the rounded values.</summary>
    /// <remarks>Converts the vector on every call: a caller comparing it with many vectors converts once with <see cref="CopyTo"/>.</remarks>
    public float Cosine(ReadOnlySpan<float> other, float otherNorm)
    {
        if (values.Length == 0)
        {
            return 0f;
        }
        Span<float> single = values.Length <= StackLimit ? stackalloc float[values.Length] : new float[values.Length];
        CopyTo(single);
        return VectorMath.Cosine(single, Norm, other, otherNorm);
    }
}
