// The feature schema of a (user, paper) pair: the one place that says which numbers a
// ranker sees, in which order. Models carry these names and are checked against them.
using System.Numerics.Tensors;
using Recommender.Ranking.Embedding;

namespace Recommender.Ranking.Features;

public static class PairFeatures
{
    public const string SchemaVersion = "pair-features-v1";

    /// <summary>Feature names in column order.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "interest_similarity",   // best cosine(user interest vector, paper vector) over the user's interests, -1..1
        "negative_similarity",   // cosine(user "hidden" vector, paper vector); 0 without hides
        "topic_similarity",      // best similarity of the paper to a topic the user follows, 0..1
        "followed_topic_matches",// how many followed topics the paper was routed to
        "log_upvotes",           // ln(1 + upvotes)
        "log_age_days",          // ln(1 + days from publication to arrival in the service)
        "log_user_activity",     // ln(1 + the user's positive feedback count)
    ];

    public static int Count => Names.Count;

    /// <summary>Writes one row of features for the pair into <paramref name="row"/>.</summary>
    public static void Write(in UserSignals user, in PaperSignals paper, Span<float> row)
    {
        var comparable = Comparable(user.Encoder, paper.Encoder);
        var paperNorm = TensorPrimitives.Norm(paper.Vector);
        Write(user, paper, comparable ? InterestSimilarity(user, paper.Vector, paperNorm) : 0f,
            comparable ? user.Negative.Cosine(paper.Vector, paperNorm) : 0f, Overlap(user, paper), row);
    }

    /// <summary>The pair's interest similarity: the best cosine over the user's interests, or the cosine with the single interest vector.</summary>
    public static float InterestSimilarity(in UserSignals user, ReadOnlySpan<float> paper, float paperNorm) =>
        user.Interests is { } interests
            ? interests.Similarity(paper, paperNorm)
            : user.Interest.Cosine(paper, paperNorm);

    /// <summary>Vectors of two named encoders are never compared: their similarities count as 0 (as for a
    /// user without vectors). An empty name means unknown (offline data) and is trusted.</summary>
    public static bool Comparable(string userEncoder, string paperEncoder) =>
        userEncoder.Length == 0 || paperEncoder.Length == 0 || string.Equals(userEncoder, paperEncoder, StringComparison.Ordinal);

    /// <summary>How the paper's topics meet the user's follows: the best similarity among followed ones, and how many.</summary>
    public static TopicOverlap Overlap(in UserSignals user, in PaperSignals paper)
    {
        var best = 0f;
        var matches = 0;
        foreach (var match in paper.Topics)
        {
            if (user.FollowedTopics.Contains(match.TopicId))
            {
                matches++;
                best = MathF.Max(best, match.Similarity);
            }
        }
        return new TopicOverlap(best, matches);
    }

    /// <summary>
    /// Writes one row from parts a batch scorer computed itself (each vector's norm once, each
    /// user's follows looked up once per topic); they must equal what <see cref="VectorMath.Cosine"/>
    /// and <see cref="Overlap"/> give for this pair.
    /// </summary>
    public static void Write(in UserSignals user, in PaperSignals paper, float interestSimilarity, float negativeSimilarity, TopicOverlap overlap, Span<float> row)
    {
        if (row.Length < Count)
        {
            throw new ArgumentException($"A feature row needs {Count} slots.", nameof(row));
        }
        row[0] = interestSimilarity;
        row[1] = negativeSimilarity;
        row[2] = overlap.BestSimilarity;
        row[3] = overlap.Matches;
        row[4] = MathF.Log(1f + Math.Max(0, paper.Upvotes));
        row[5] = MathF.Log(1f + Math.Clamp(paper.AgeDays, 0f, 3650f));
        row[6] = MathF.Log(1f + Math.Max(0, user.PositiveFeedback));
    }
}
