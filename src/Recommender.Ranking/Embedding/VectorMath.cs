using System.Numerics.Tensors;

namespace Recommender.Ranking.Embedding;

/// <summary>Small vector helpers over <see cref="TensorPrimitives"/>.</summary>
public static class VectorMath
{
    public static void NormalizeInPlace(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0f)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>Cosine similarity; 0 when either vector is empty or all zeros.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        Cosine(a, TensorPrimitives.Norm(a), b, TensorPrimitives.Norm(b));

    /// <summary>The same cosine when both norms are already known (a batch computes each once).</summary>
    public static float Cosine(ReadOnlySpan<float> a, float normA, ReadOnlySpan<float> b, float normB) =>
        a.Length == 0 || b.Length == 0 || a.Length != b.Length || normA <= 0f || normB <= 0f ? 0f : TensorPrimitives.Dot(a, b) / (normA * normB);

    /// <summary>Returns normalize(a + weight * b) as a new vector; a may be empty.</summary>
    public static float[] MoveToward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float weight)
    {
        var result = new float[b.Length];
        if (a.Length == b.Length)
        {
            a.CopyTo(result);
        }
        TensorPrimitives.MultiplyAdd(b, weight, result, result);
        NormalizeInPlace(result);
        return result;
    }
}
