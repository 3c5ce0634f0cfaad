// At start-up, finishes handing stored papers to their topics where a crash cut it short;
// the catalogue is then whole before the first publish arrives.
using Recommender.Abstractions.Ingest;

namespace Recommender.Server.Hosting;

public sealed class PendingDelivery(IGrainFactory grains, ILogger<PendingDelivery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var delivered = await grains.GetGrain<IIngestGrain>(0).DeliverPending();
        if (delivered > 0)
        {
            logger.LogWarning("Handed {Count} stored papers to their topics after an interrupted ingest", delivered);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
