// Keeps the seen sets and the event log in bounded space: prunes what is past its retention at
// start and then every interval. Every silo runs it; the deletes are idempotent.
using Recommender.Storage.Seen;

namespace Recommender.Server.Events;

public sealed class EventRetention(ISeenStore store, EventLogSettings settings, ILogger<EventRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.PruneInterval);
        do
        {
            try
            {
                var removed = await store.PruneAsync(stoppingToken);
                if (removed > 0)
                {
                    logger.LogInformation("Pruned {Rows} seen, batch and event rows past their retention", removed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Pruning the event log failed; the next interval tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
