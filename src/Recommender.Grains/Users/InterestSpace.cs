// Which encoder a user's vectors come from: the first vector taken in fixes it, and a vector of
// another encoder is never averaged into them (nor compared with them).
using Recommender.Abstractions;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Ranking.Clustering;
using Recommender.Ranking.Embedding;

namespace Recommender.Grains.Users;

public static class InterestSpace
{
    /// <summary>Whether a vector of <paramref name="encoder"/> may move the user's vectors: yes when they have none yet or share its encoder.</summary>
    public static bool Accepts(SubscriberProfile inputs, string encoder) =>
        IsEmpty(inputs) || EncoderIds.Same(inputs.Encoder, encoder);

    /// <summary>Seeds exist only to move the interest, so a seed encoded by another encoder than the service's
    /// (<paramref name="current"/>) or than the user's vectors is refused, naming the field.</summary>
    public static SubscriberProfile Seed(SubscriberProfile inputs, StoredPaper seed, string current, float weight, string field, InterestClustering clustering)
    {
        if (!EncoderIds.Same(seed.Encoder, current))
        {
            throw new EncoderMismatchException(field, EncoderIds.Of(current), EncoderIds.Of(seed.Encoder));
        }
        if (!Accepts(inputs, seed.Encoder))
        {
            throw new EncoderMismatchException(field, EncoderIds.Of(inputs.Encoder), EncoderIds.Of(seed.Encoder));
        }
        return TakeIn(inputs, seed.Vector, seed.Encoder, weight, clustering);
    }

    /// <summary>The mean interest moved toward <paramref name="vector"/> (a followed topic's), or unchanged when it comes from another encoder.</summary>
    /// <remarks>Not one of the several interests: a followed topic is a recall source and a feature of its own already, and
    /// an interest per follow would multiply the publish-time work for every user who only follows topics.</remarks>
    public static SubscriberProfile MoveInterest(SubscriberProfile inputs, float[] vector, string encoder, float weight) =>
        Accepts(inputs, encoder) ? Move(inputs, vector, encoder, weight) : inputs;

    /// <summary>
    /// A paper (or keywords) of the user's own: the mean interest moves toward it, and a positive weight adds it to the
    /// user's several interests; unchanged when it comes from another encoder.
    /// </summary>
    public static SubscriberProfile TakeIn(SubscriberProfile inputs, float[] vector, string encoder, float weight, InterestClustering clustering) =>
        Accepts(inputs, encoder)
            ? Move(inputs, vector, encoder, weight) with { Interests = InterestCentroids.Add(inputs.Interests, vector, weight, clustering) }
            : inputs;

    /// <summary>The negative vector moved toward a hidden paper, or unchanged when it comes from another encoder.</summary>
    public static SubscriberProfile MoveNegative(SubscriberProfile inputs, float[] vector, string encoder) =>
        Accepts(inputs, encoder)
            ? inputs with { Negative = VectorMath.MoveToward(inputs.Negative, vector, InterestWeights.Negative), Encoder = EncoderIds.Of(encoder) }
            : inputs;

    private static SubscriberProfile Move(SubscriberProfile inputs, float[] vector, string encoder, float weight) =>
        inputs with { Interest = VectorMath.MoveToward(inputs.Interest, vector, weight), Encoder = EncoderIds.Of(encoder) };

    private static bool IsEmpty(SubscriberProfile inputs) => inputs.Interest.Length == 0 && inputs.Negative.Length == 0 && inputs.Interests.Count == 0;
}
