// Recall by interest, with the topics as an inverted-file index: ingest already routes every paper
// to its nearest topics, so the topics nearest to a user's interest hold the recent papers nearest to it.
// Each of a user's several interests gets its share of the probed topics.
using System.Numerics.Tensors;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Grains.Topics;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Recall;

namespace Recommender.Grains.Recall;

public static class InterestProbe
{
    /// <summary>
    /// The <paramref name="count"/> topics most similar to <paramref name="interest"/> (positive cosine only),
    /// leaving out <paramref name="followed"/> (those are recalled anyway) and topics of another encoder than
    /// <paramref name="encoder"/> (vectors of two encoders are never compared); ties go to the smaller id.
    /// </summary>
    public static IReadOnlyList<string> NearestTopics(float[] interest, string encoder, TopicVectorSet topics, IReadOnlyCollection<string> followed, int count) =>
        NearestTopicsOfEach([interest], encoder, topics, followed, count);

    /// <summary>
    /// The topics for several interests (most important first), dealt among them by <see cref="InterestProbes.Deal"/>
    /// (the rule the offline replay shares): a reader of two themes is probed in both rather than only around the
    /// stronger one. max(<paramref name="count"/>, interests) in all; none when <paramref name="count"/> is 0 (the source is off).
    /// </summary>
    public static IReadOnlyList<string> NearestTopicsOfEach(IReadOnlyList<float[]> interests, string encoder, TopicVectorSet topics, IReadOnlyCollection<string> followed, int count) =>
        InterestProbes.Deal(interests, count, (interest, budget) => Ranked(interest, encoder, topics, followed, budget));

    /// <summary>The <paramref name="count"/> topics nearest to one interest, nearest first.</summary>
    private static IReadOnlyList<string> Ranked(float[] interest, string encoder, TopicVectorSet topics, IReadOnlyCollection<string> followed, int count)
    {
        var norm = interest.Length == 0 ? 0f : TensorPrimitives.Norm(interest);
        if (norm == 0f || count <= 0)
        {
            return [];
        }
        var norms = TopicNorms.Of(topics);
        // The best few kept in order as they come: a rebuild asks for a handful among every topic.
        var best = new List<(string TopicId, float Similarity)>(count + 1);
        for (var i = 0; i < topics.Topics.Count; i++)
        {
            var topic = topics.Topics[i];
            if (topic.Vector.Length != interest.Length || !EncoderIds.Same(topic.Encoder, encoder) || followed.Contains(topic.TopicId))
            {
                continue;
            }
            var similarity = VectorMath.Cosine(interest, norm, topic.Vector, norms[i]);
            if (!(similarity > 0f) || (best.Count == count && !Precedes(similarity, topic.TopicId, best[^1])))
            {
                continue;
            }
            var at = best.Count;
            while (at > 0 && Precedes(similarity, topic.TopicId, best[at - 1]))
            {
                at--;
            }
            best.Insert(at, (topic.TopicId, similarity));
            if (best.Count > count)
            {
                best.RemoveAt(count);
            }
        }
        return best.Select(t => t.TopicId).ToArray();
    }

    /// <summary>Nearer first; of equal similarity, the smaller id.</summary>
    private static bool Precedes(float similarity, string topicId, (string TopicId, float Similarity) other) =>
        similarity > other.Similarity || (similarity == other.Similarity && string.CompareOrdinal(topicId, other.TopicId) < 0);
}
