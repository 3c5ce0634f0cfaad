// A user's vectors made again with the service's encoder after a switch, from what the user did: the
// stored vectors cannot be converted (two encoders' spaces have nothing in common), but their causes are kept.
using Recommender.Abstractions;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Ranking.Clustering;
using Recommender.Ranking.Embedding;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Users;

public static class ReencodedVectors
{
    /// <summary>
    /// <paramref name="inputs"/> with empty vectors (mean, several interests, hidden) moved, as the original calls moved
    /// them, toward the followed topics, the seed papers, the keywords and every paper given feedback; vectors of another
    /// encoder (a topic or paper not re-encoded yet) are left out, never mixed in. The original order of feedback is not kept, so the result is
    /// the same mixture in another order, by paper id; follows, hidden papers and counts are unchanged.
    /// </summary>
    public static async Task<SubscriberProfile> DeriveAsync(SubscriberProfile inputs, UserState state, IGrainFactory grains, IPaperStore store, IPaperEncoder encoder,
        InterestClustering clustering)
    {
        var next = inputs with { Interest = [], Interests = [], Negative = [], Encoder = encoder.Name };
        var topics = (await grains.GetGrain<ITopicDirectoryGrain>(GrainKeys.TopicDirectory).GetVectors()).Topics.ToDictionary(t => t.TopicId, StringComparer.Ordinal);
        foreach (var topicId in inputs.FollowedTopics)
        {
            if (topics.TryGetValue(topicId, out var topic))
            {
                next = EncoderIds.Same(topic.Encoder, encoder.Name) ? InterestSpace.MoveInterest(next, topic.Vector, topic.Encoder, InterestUpdates.FollowWeight) : next;
            }
        }
        var feedback = state.FeedbackGiven.Select(Parse).OrderBy(f => f.PaperId, StringComparer.Ordinal).ThenBy(f => f.Kind).ToArray();
        var papers = (await store.GetAsync(state.SeededFrom.Concat(feedback.Select(f => f.PaperId)).Distinct(StringComparer.Ordinal).ToArray()))
            .ToDictionary(p => p.Paper.Id, StringComparer.Ordinal);
        foreach (var seed in state.SeededFrom.Order(StringComparer.Ordinal))
        {
            if (papers.TryGetValue(seed, out var paper))
            {
                next = TakeIn(next, paper.Vector, paper.Encoder, InterestUpdates.SeedWeight, encoder.Name, clustering);
            }
        }
        if (state.Keywords.Count > 0)
        {
            var words = string.Join(' ', state.Keywords);
            next = TakeIn(next, encoder.Encode(words, words), encoder.Name, InterestUpdates.SeedWeight, encoder.Name, clustering);
        }
        foreach (var (paperId, kind) in feedback)
        {
            if (papers.TryGetValue(paperId, out var paper) && EncoderIds.Same(paper.Encoder, encoder.Name))
            {
                next = InterestSpace.TakeIn(next, paper.Vector, paper.Encoder, InterestUpdates.InterestWeight(kind), clustering);
                if (!InterestUpdates.IsPositive(kind))
                {
                    next = InterestSpace.MoveNegative(next, paper.Vector, paper.Encoder);
                }
            }
        }
        return next;
    }

    private static SubscriberProfile TakeIn(SubscriberProfile inputs, float[] vector, string vectorEncoder, float weight, string current, InterestClustering clustering) =>
        EncoderIds.Same(vectorEncoder, current) ? InterestSpace.TakeIn(inputs, vector, vectorEncoder, weight, clustering) : inputs;

    /// <summary>UserGrain records feedback as "paper id \u0001 kind".</summary>
    private static (string PaperId, FeedbackKind Kind) Parse(string given)
    {
        var separator = given.LastIndexOf('\u0001');
        return (given[..separator], Enum.Parse<FeedbackKind>(given[(separator + 1)..]));
    }
}
