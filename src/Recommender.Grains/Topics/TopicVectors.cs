// How a topic's definition becomes a vector: its name and keywords as text, plus the
// mean of its seed papers' vectors.
using Recommender.Ranking.Embedding;

namespace Recommender.Grains.Topics;

public static class TopicVectors
{
    public static float[] Build(IPaperEncoder encoder, string name, IReadOnlyList<string> keywords, IReadOnlyList<float[]> seedVectors)
    {
        var vector = new float[encoder.Dimension];
        if (keywords.Count > 0)
        {
            var keywordText = string.Join(' ', keywords);
            vector = encoder.Encode(name + " " + keywordText, keywordText);
        }
        foreach (var seed in seedVectors)
        {
            vector = VectorMath.MoveToward(vector, seed, 1f / seedVectors.Count);
        }
        return vector;
    }
}
