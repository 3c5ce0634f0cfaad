// Routes a paper to the topics whose vectors it is most similar to.
using System.Numerics.Tensors;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Grains.Topics;
using Recommender.Ranking.Embedding;

namespace Recommender.Grains.Ingest;

public static class TopicRouter
{
    /// <summary>Topics whose vectors come from another encoder than the paper's are skipped, never compared.</summary>
    public static TopicMatch[] Route(float[] paperVector, string encoder, TopicVectorSet topics, float threshold, int maxTopics)
    {
        var norms = TopicNorms.Of(topics);
        var paperNorm = TensorPrimitives.Norm(paperVector);
        var matches = new List<TopicMatch>();
        for (var i = 0; i < topics.Topics.Count; i++)
        {
            if (!EncoderIds.Same(encoder, topics.Topics[i].Encoder))
            {
                continue;
            }
            var similarity = VectorMath.Cosine(paperVector, paperNorm, topics.Topics[i].Vector, norms[i]);
            if (similarity >= threshold)
            {
                matches.Add(new TopicMatch { TopicId = topics.Topics[i].TopicId, Similarity = similarity });
            }
        }
        return matches
            .OrderByDescending(m => m.Similarity)
            .ThenBy(m => m.TopicId, StringComparer.Ordinal)
            .Take(maxTopics)
            .ToArray();
    }
}
