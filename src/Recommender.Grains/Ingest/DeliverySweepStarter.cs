// Wakes the hand-over sweep when this silo becomes active, in the background: a start never waits for
// it or fails because of it, and a silo that finds storage away keeps trying until it gets through.
using Microsoft.Extensions.Logging;
using Recommender.Abstractions;
using Recommender.Abstractions.Ingest;

namespace Recommender.Grains.Ingest;

public sealed class DeliverySweepStarter(IGrainFactory grains, ILogger<DeliverySweepStarter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource stopping = new();

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(DeliverySweepStarter),
        ServiceLifecycleStage.Active,
        started =>
        {
            _ = Task.Run(WakeAsync, CancellationToken.None);
            return Task.CompletedTask;
        },
        stopped =>
        {
            stopping.Cancel();
            return Task.CompletedTask;
        });

    private async Task WakeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IDeliverySweepGrain>(GrainKeys.DeliverySweep).Wake();
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Could not wake the hand-over sweep; trying again in {Delay}: {Error}", RetryDelay, e.Message);
            }
            try
            {
                await Task.Delay(RetryDelay, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
