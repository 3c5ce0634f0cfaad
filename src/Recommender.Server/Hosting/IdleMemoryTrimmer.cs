// Hands memory back to the system once the server goes quiet after work. The server GC keeps the heap
// a fan-out burst or a wave of deactivated user grains left behind: a quiet process allocates too little
// to set off the full collection that would free it, so resident memory stays at its peak for hours.
using System.Diagnostics;

namespace Recommender.Server.Hosting;

public sealed class IdleMemoryTrimmer(IdleTrimSettings settings, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Window <= TimeSpan.Zero)
        {
            return;
        }
        var policy = new IdleTrimPolicy(settings);
        using var timer = new PeriodicTimer(settings.Window);
        var allocated = GC.GetTotalAllocatedBytes();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = GC.GetTotalAllocatedBytes();
            var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
            if (policy.ShouldTrim(now - allocated, before))
            {
                var clock = Stopwatch.StartNew();
                // Aggressive: compact every generation and decommit what is free, rather than keep it for later.
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var after = GC.GetGCMemoryInfo().TotalCommittedBytes;
                policy.Trimmed(after);
                logger.LogInformation("Quiet for {Window}: a full collection took {Milliseconds} ms and brought the GC's committed memory from {Before} MB to {After} MB",
                    settings.Window, clock.ElapsedMilliseconds, before >> 20, after >> 20);
            }
            allocated = GC.GetTotalAllocatedBytes();
        }
    }
}
