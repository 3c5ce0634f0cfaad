// Counters of one import, updated by the sending and the receiving side at once.
using System.Collections.Concurrent;
using System.Diagnostics;
using Recommender.Api.V1;

namespace Recommender.Cli.Import;

/// <param name="keepAcceptedIds">Whether to keep the ids of the accepted papers (to wait for their fan-out afterwards).</param>
public sealed class ImportStats(bool keepAcceptedIds = false)
{
    private const int SampleLimit = 10;
    private long _read;
    private long _issues;
    private long _accepted;
    private long _duplicate;
    private long _rejected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public long Read => Interlocked.Read(ref _read);
    public long Issues => Interlocked.Read(ref _issues);
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Duplicate => Interlocked.Read(ref _duplicate);
    public long Rejected => Interlocked.Read(ref _rejected);
    public long Answered => Accepted + Duplicate + Rejected;
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Freezes the elapsed time (and so papers/s) once the import ends.</summary>
    public void Finish() => _clock.Stop();
    public double PapersPerSecond => Answered / Math.Max(Elapsed.TotalSeconds, 1e-3);

    /// <summary>The accepted papers' ids, when asked to keep them; else empty.</summary>
    public ConcurrentQueue<string> AcceptedIds { get; } = new();

    /// <summary>The first few rejections with the line they came from (kept small: the input may be huge).</summary>
    public ConcurrentQueue<(long Line, string Reason)> RejectedSamples { get; } = new();

    public void PaperRead() => Interlocked.Increment(ref _read);

    public void IssueFound() => Interlocked.Increment(ref _issues);

    public void Answer(PublishResponse response, long line)
    {
        switch (response.Status)
        {
            case PublishStatus.Accepted:
                Interlocked.Increment(ref _accepted);
                if (keepAcceptedIds)
                {
                    AcceptedIds.Enqueue(response.PaperId);
                }
                break;
            case PublishStatus.Duplicate:
                Interlocked.Increment(ref _duplicate);
                break;
            default:
                if (Interlocked.Increment(ref _rejected) <= SampleLimit)
                {
                    RejectedSamples.Enqueue((line, response.Reason));
                }
                break;
        }
    }
}
