// Hands memory back to the system once the server goes quiet after work. The server GC keeps the heap
// a fan-out burst or a wave of deactivated user grains left behind: a quiet process allocates too little
// to set off the full collection that would free it, so resident memory stays at its peak for hours.
using System.Diagnostics;
using System.Runtime.InteropServices;

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
                var native = TrimNativeHeap();
                policy.Trimmed(after);
                logger.LogInformation("Quiet for {Window}: a full collection took {Milliseconds} ms and brought the GC's committed memory from {Before} MB to {After} MB (native heap: {Native})",
                    settings.Window, clock.ElapsedMilliseconds, before >> 20, after >> 20, native);
            }
            allocated = now;
        }
    }

    /// <summary>
    /// Asks glibc to hand back the free pages of its malloc arenas: buffers of ONNX Runtime, the database and
    /// Redis clients freed after a burst stay mapped otherwise. "unavailable" where there is no glibc (e.g. musl).
    /// </summary>
    private static string TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "unavailable";
        }
        try
        {
            return MallocTrim(0) == 1 ? "released" : "nothing to release";
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return "unavailable";
        }
    }

    // DllImport, not LibraryImport: the signature is blittable, and the generator would want unsafe code for nothing.
    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
