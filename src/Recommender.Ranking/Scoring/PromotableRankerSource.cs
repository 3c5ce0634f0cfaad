// A ranker source whose ranker an operator can replace at run time (`recommender model promote`):
// the promoted model wins over the configured one (file or cosine) until another is promoted.
// The replaced ranker is retired after a grace period so that batches that took it just before
// the swap still finish on it.
namespace Recommender.Ranking.Scoring;

public sealed class PromotableRankerSource(IRankerSource configured, TimeSpan? gracePeriod = null) : IRankerSource, IDisposable
{
    private readonly TimeSpan grace = gracePeriod ?? TimeSpan.FromSeconds(30);
    private readonly Lock swapLock = new();
    private IRanker? promoted;
    private string? promotedDigest;

    public IRanker Current => Volatile.Read(ref promoted) ?? configured.Current;

    /// <summary>The SHA-256 (hex) of the promoted model's bytes; null while the configured ranker serves.</summary>
    public string? PromotedDigest => Volatile.Read(ref promotedDigest);

    /// <summary>Raised after a promotion changed <see cref="Current"/>.</summary>
    public event Action<IRanker>? Swapped;

    /// <summary>Serves <paramref name="ranker"/> from now on; false (and nothing changes) when the same bytes already serve.</summary>
    public bool Promote(IRanker ranker, string digest)
    {
        IRanker? old;
        lock (swapLock)
        {
            if (promotedDigest == digest)
            {
                (ranker as IDisposable)?.Dispose();
                return false;
            }
            old = Interlocked.Exchange(ref promoted, ranker);
            Volatile.Write(ref promotedDigest, digest);
        }
        if (old is not null)
        {
            _ = RetireLater(old);
        }
        Swapped?.Invoke(ranker);
        return true;
    }

    private async Task RetireLater(IRanker old)
    {
        await Task.Delay(grace).ConfigureAwait(false);
        (old as IDisposable)?.Dispose();
    }

    public void Dispose()
    {
        (Interlocked.Exchange(ref promoted, null) as IDisposable)?.Dispose();
        (configured as IDisposable)?.Dispose();
    }
}
