// Waits until published papers have reached their followers' feeds, asking the server's status
// call about the papers still pending, a thousand at a time, as a publisher of a batch would.
using Recommender.Api.V1;

namespace Recommender.Cli.Import;

public static class FanOutWait
{
    /// <summary>Ids per <c>GetFanOutStatus</c> call: the most the server takes.</summary>
    public const int IdsPerCall = 1_000;

    /// <summary>Asks about the pending papers every <paramref name="interval"/> until none is left; tells <paramref name="pending"/> how many are left after each round.</summary>
    public static async Task WaitAsync(Papers.PapersClient papers, IEnumerable<string> ids, TimeSpan interval, Action<int>? pending, CancellationToken cancellation)
    {
        var waiting = ids.ToList();
        while (waiting.Count > 0)
        {
            var still = new List<string>();
            foreach (var batch in waiting.Chunk(IdsPerCall))
            {
                var status = await papers.GetFanOutStatusAsync(new GetFanOutStatusRequest { PaperIds = { batch } }, cancellationToken: cancellation);
                still.AddRange(status.Papers.Where(p => !p.FannedOut).Select(p => p.PaperId));
            }
            waiting = still;
            pending?.Invoke(waiting.Count);
            if (waiting.Count > 0)
            {
                await Task.Delay(interval, cancellation);
            }
        }
    }
}
