// Decides which repeats of one kind of log line are written: the first few per window, then the rest
// are counted, and the count is reported when the kind is next written.
namespace Recommender.Server.Telemetry;

public sealed class LogThrottle(TimeProvider clock, int perWindow = 3, TimeSpan? window = null)
{
    /// <summary>The window in which at most <c>perWindow</c> lines of one kind are written.</summary>
    public TimeSpan Window { get; } = window ?? TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, (DateTimeOffset Start, int Written, long Suppressed)> kinds = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a line of this kind may be written now; <paramref name="firstOfWindow"/> says it is the first of its
    /// window (the one that may carry a stack trace) and <paramref name="suppressed"/> how many the previous window left out.
    /// </summary>
    public bool TryEnter(string kind, out bool firstOfWindow, out long suppressed)
    {
        var now = clock.GetUtcNow();
        lock (kinds)
        {
            var state = kinds.TryGetValue(kind, out var known) ? known : (Start: DateTimeOffset.MinValue, Written: 0, Suppressed: 0L);
            suppressed = 0;
            if (now - state.Start >= Window)
            {
                suppressed = state.Suppressed;
                state = (now, 0, 0);
            }
            firstOfWindow = state.Written == 0;
            if (state.Written >= perWindow)
            {
                kinds[kind] = state with { Suppressed = state.Suppressed + 1 };
                return false;
            }
            kinds[kind] = state with { Written = state.Written + 1 };
            return true;
        }
    }
}
