namespace Recommender.Ranking.Scoring;

/// <summary>Hands out the ranker to use now; a source may swap it (e.g. a new model file).</summary>
/// <remarks>Callers take <see cref="Current"/> once per batch, so a swap never splits a batch.</remarks>
public interface IRankerSource
{
    IRanker Current { get; }
}

/// <summary>A source that always hands out the same ranker.</summary>
public sealed class FixedRankerSource(IRanker ranker) : IRankerSource
{
    public IRanker Current => ranker;
}
