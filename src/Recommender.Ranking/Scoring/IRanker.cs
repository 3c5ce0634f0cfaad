namespace Recommender.Ranking.Scoring;

/// <summary>Scores (user, paper) pairs from rows of <see cref="Features.PairFeatures"/>.</summary>
/// <remarks>Implementations are thread-safe: one instance serves every caller.</remarks>
public interface IRanker
{
    RankerDescriptor Descriptor { get; }

    /// <summary>
    /// Scores <paramref name="rows"/> pairs. <paramref name="features"/> is row-major
    /// rows × feature count; <paramref name="taskScores"/> receives rows × task count
    /// (task order of the descriptor); <paramref name="combined"/> receives one score a row.
    /// </summary>
    void Score(ReadOnlyMemory<float> features, int rows, Memory<float> taskScores, Memory<float> combined);
}
