// Routes a paper to the topics whose vectors it is most similar to.
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Ranking.Embedding;

namespace Recommender.Grains.Ingest;

public static class TopicRouter
{
    public static TopicMatch[] Route(float[] paperVector, TopicVectorSet topics, float threshold, int maxTopics) =>
        topics.Topics
            .Select(t => new TopicMatch { TopicId = t.TopicId, Similarity = VectorMath.Cosine(paperVector, t.Vector) })
            .Where(m => m.Similarity >= threshold)
            .OrderByDescending(m => m.Similarity)
            .ThenBy(m => m.TopicId, StringComparer.Ordinal)
            .Take(maxTopics)
            .ToArray();
}
