// The sweep: finds stored papers whose fan-out never completed (a crash, a timeout, a failed
// write) and fans them out again. At start-up every such paper qualifies; afterwards only those
// that were already waiting at the previous look, since younger ones may still be under way.
// It never fails or holds up the start: a failed look is logged and tried again later.
using Recommender.Grains.Ingest;
using Recommender.Storage.Papers;

namespace Recommender.Server.Hosting;

public sealed class PendingDelivery(IPaperStore store, FanOutDispatcher dispatcher, ILogger<PendingDelivery> logger) : BackgroundService
{
    /// <summary>How often the sweep looks, and so the least time a paper waits before being fanned out again.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private const int PapersPerLook = 2048;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        HashSet<string>? waitingBefore = null;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var waiting = (await store.ListUndeliveredAsync(PapersPerLook, stoppingToken)).ToHashSet(StringComparer.Ordinal);
                var stale = waitingBefore is null ? waiting.ToArray() : waiting.Where(waitingBefore.Contains).ToArray();
                if (stale.Length > 0)
                {
                    logger.LogWarning("Fanning out {Count} stored papers again whose fan-out did not complete", stale.Length);
                    foreach (var batch in stale.Chunk(256))
                    {
                        await dispatcher.RedeliverAsync(batch);
                    }
                }
                waitingBefore = waiting;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("The sweep of undelivered papers failed; it will look again in {Interval}: {Error}", Interval, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
