// Decides when a full, decommitting collection is worth its pause: the server has been quiet for a
// whole window, and it has allocated enough since the last trim to have left garbage behind.
namespace Recommender.Server.Hosting;

public sealed class IdleTrimPolicy(IdleTrimSettings settings)
{
    // Bytes allocated since the last trim (or since the trimmer started), the windows observed so far.
    private long allocatedSinceTrim;
    private long committedAfterTrim;

    /// <summary>
    /// Whether to trim now, given what the process allocated during the window that just ended and what the GC
    /// has committed. Churn since the last trim must reach a quarter of what was committed after it (or 64 MB): less
    /// cannot have left much to hand back, and a full collection of a large heap is not free.
    /// </summary>
    public bool ShouldTrim(long allocatedInWindow, long committed)
    {
        var quiet = allocatedInWindow <= settings.QuietAllocationRate * settings.Window.TotalSeconds;
        allocatedSinceTrim += allocatedInWindow;
        return quiet && committed > 0 && allocatedSinceTrim >= Math.Max(64L << 20, committedAfterTrim / 4);
    }

    /// <summary>Records a trim that left <paramref name="committed"/> bytes committed.</summary>
    public void Trimmed(long committed)
    {
        allocatedSinceTrim = 0;
        committedAfterTrim = committed;
    }
}
