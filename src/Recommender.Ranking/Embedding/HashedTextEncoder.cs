// The default encoder: sublinear term frequencies of title and abstract words and
// bigrams, hashed and sparsely projected to a small dense vector. No downloaded weights.
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Recommender.Ranking.Text;

namespace Recommender.Ranking.Embedding;

public sealed class HashedTextEncoder : IPaperEncoder
{
    // Each term lands in this many (bucket, sign) slots: a sparse random projection that
    // keeps cosine similarities close to those of the full hashed term space.
    private const int SlotsPerTerm = 4;
    private const float TitleWeight = 2f;
    private const float BigramWeight = 0.7f;

    private readonly int mask;

    public HashedTextEncoder(int dimension = 256)
    {
        if (dimension < 16 || dimension > 4096 || (dimension & (dimension - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Dimension must be a power of two from 16 to 4096.");
        }
        Dimension = dimension;
        mask = dimension - 1;
    }

    public string Name => $"hashed-tf-v1-d{Dimension}";

    public int Dimension { get; }

    public float[] Encode(string title, string @abstract)
    {
        var counts = new Dictionary<string, float>(StringComparer.Ordinal);
        AddTerms(counts, Tokenizer.Tokenize(title), TitleWeight);
        AddTerms(counts, Tokenizer.Tokenize(@abstract), 1f);

        var vector = new float[Dimension];
        foreach (var (term, count) in counts)
        {
            var weight = 1f + MathF.Log(count);
            Project(term, weight, vector);
        }
        VectorMath.NormalizeInPlace(vector);
        return vector;
    }

    private static void AddTerms(Dictionary<string, float> counts, List<string> tokens, float weight)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            Increment(counts, tokens[i], weight);
            if (i + 1 < tokens.Count)
            {
                Increment(counts, tokens[i] + " " + tokens[i + 1], weight * BigramWeight);
            }
        }
    }

    private static void Increment(Dictionary<string, float> counts, string term, float weight)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, term, out _);
        slot += weight;
    }

    private void Project(string term, float weight, float[] vector)
    {
        var hash = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(term.AsSpan()));
        var share = weight / MathF.Sqrt(SlotsPerTerm);
        for (var slot = 0; slot < SlotsPerTerm; slot++)
        {
            var bits = (uint)(hash >> (slot * 16)) & 0xFFFF;
            var bucket = (int)(bits >> 1) & mask;
            vector[bucket] += (bits & 1) == 0 ? share : -share;
        }
    }
}
