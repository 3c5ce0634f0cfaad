// The model-free ranker: content similarity to the user's interests, pushed away from
// what the user hid and toward papers close to the topics the user follows.
using Recommender.Ranking.Features;

namespace Recommender.Ranking.Scoring;

public sealed class CosineRanker : IRanker
{
    private const float NegativeWeight = 0.5f;
    private const float TopicWeight = 0.25f;

    public RankerDescriptor Descriptor { get; } = new("cosine-v1", ["relevance"], PairFeatures.Names);

    public void Score(ReadOnlyMemory<float> features, int rows, Memory<float> taskScores, Memory<float> combined)
    {
        var width = PairFeatures.Count;
        var input = features.Span;
        var tasks = taskScores.Span;
        var output = combined.Span;
        for (var row = 0; row < rows; row++)
        {
            var f = input.Slice(row * width, width);
            var score = f[0] - NegativeWeight * f[1] + TopicWeight * f[2];
            tasks[row] = score;
            output[row] = score;
        }
    }
}
