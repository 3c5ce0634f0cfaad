namespace Recommender.Ranking.Features;

/// <summary>What the ranker knows of a paper.</summary>
/// <param name="Vector">Normalized text vector.</param>
/// <param name="Upvotes">Popularity at arrival.</param>
/// <param name="AgeDays">Days from publication to arrival in the service.</param>
/// <param name="Topics">Topics the paper was routed to, with similarities.</param>
/// <param name="Encoder">The encoder of <paramref name="Vector"/>; empty when unknown.</param>
public readonly record struct PaperSignals(
    float[] Vector,
    int Upvotes,
    float AgeDays,
    IReadOnlyList<TopicSimilarity> Topics,
    string Encoder = "");

public readonly record struct TopicSimilarity(string TopicId, float Similarity);

/// <summary>The paper's topics that the user follows: the best similarity among them, and how many.</summary>
public readonly record struct TopicOverlap(float BestSimilarity, int Matches);
