// A soak: mixed publish, feed reads and feedback on the three silos; no errors, and each server's memory
// settles: in a measured window (2 minutes) after the warm-up, what a full GC finds alive grows by less than
// 10%. A silo restarted by an earlier scenario is still filling its caches and heap at first, hence a full
// topic window and a warm-up that is not measured; and since the other test projects run beside this one,
// a pool may still step up to a new high-water mark under their load: a silo that grew is measured again
// for up to two more windows. A leak grows in every window; a step does not come back. Resident memory is
// reported beside it.
using Recommender.Api.V1;

namespace Recommender.Server.Tests.Faults;

public sealed partial class FaultTests
{
    [Fact]
    public async Task Mixed_load_runs_without_errors_and_memory_settles_after_the_warm_up()
    {
        await cluster.RestartStoppedAsync();
        var calls = new FaultCalls(cluster.Channels);
        var papers = new FaultPapers("soak");
        var users = await FaultSetup.FollowersAsync(calls, papers, "soak-reader", 100);
        // The soak's topic keeps its latest TopicRecentPapers in memory (each with its vector): filled to that bound
        // first, so that what grows during the soak is a leak, not a cache reaching the size it is meant to have.
        var seed = new ResilientPublisher(cluster.Channels);
        await seed.PublishAsync(papers.Next(FaultCluster.TopicRecentPapers), streams: 3);

        using var stop = new CancellationTokenSource();
        var load = new MixedLoad(cluster.Channels, papers, users, feedback: true);
        var running = load.RunAsync(stop.Token);
        var duration = FaultDurations.Soak;
        await Task.Delay(FaultDurations.SoakWarmUp);
        var windows = new List<(List<long[]> Live, List<long[]> Resident)>();
        var settled = new bool[FaultCluster.Silos];
        while (windows.Count < FaultDurations.SoakWindows && !settled.All(s => s))
        {
            windows.Add(await MeasureAsync(duration));
            for (var s = 0; s < settled.Length; s++)
            {
                settled[s] |= Growth(windows[^1].Live, s) < 0.10;
            }
        }
        await stop.CancelAsync();
        await running;

        var report = new FaultReport($"soak {FaultDurations.SoakWarmUp.TotalMinutes:0.#} min warm-up + {windows.Count} × {duration.TotalMinutes:0.#} min measured")
            .Add("feed reads", load.FeedReads).Add("papers sent", load.Publisher.Sent).Add("acked", load.Publisher.Accepted)
            .Add("feedback acked", load.FeedbackAcked)
            .Add("errors", load.Errors).Add("feed errors", FaultCalls.Describe(load.FeedErrors))
            .Add("feedback errors", FaultCalls.Describe(load.FeedbackErrors)).Add("publish errors", FaultCalls.Describe(load.Publisher.Failures))
            .Add("slowest feed read", $"{load.SlowestFeedRead.TotalSeconds:0.00} s");
        foreach (var (window, number) in windows.Select((w, i) => (w, i + 1)))
        {
            report.Add($"window {number}: live heap MB", Trend(window.Live)).Add("growth", Growths(window.Live))
                .Add("RSS MB", Trend(window.Resident)).Add("RSS growth", Growths(window.Resident));
        }
        report.Print(output);

        Assert.Equal(0, load.Errors);
        Assert.True(load.FeedReads > 0 && load.Publisher.Accepted > 0 && load.FeedbackAcked > 0);
        Assert.True(settled.All(s => s), $"the live heap of a silo grew by 10% or more in each of {windows.Count} windows: " +
            string.Join("; ", windows.Select(w => Growths(w.Live))));
    }

    /// <summary>Samples every silo's live heap (and resident memory) for <paramref name="duration"/>.</summary>
    private async Task<(List<long[]> Live, List<long[]> Resident)> MeasureAsync(TimeSpan duration)
    {
        var resident = new List<long[]>();
        var live = new List<long[]>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            resident.Add(cluster.Servers.Select(s => ResidentBytes(s.ProcessId!.Value)).ToArray());
            var heaps = new long[FaultCluster.Silos];
            for (var s = 0; s < heaps.Length; s++)
            {
                heaps[s] = await LiveHeap.MeasureAsync(cluster.Servers[s].ProcessId!.Value, TimeSpan.FromSeconds(30));
            }
            live.Add(heaps);
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        return (live, resident);
    }

    private static string Growths(List<long[]> samples) =>
        string.Join(" ", Enumerable.Range(0, FaultCluster.Silos).Select(s => $"{Growth(samples, s):+0.0%;-0.0%;+0.0%}"));

    /// <summary>Medians of the first and the last third of the samples, so that one sample taken while a burst of papers is in flight does not decide.</summary>
    private static double Growth(List<long[]> samples, int server)
    {
        var third = Math.Max(1, samples.Count / 3);
        return (double)Median(samples.TakeLast(third).Select(x => x[server])) / Median(samples.Take(third).Select(x => x[server])) - 1;
    }

    private static string Trend(List<long[]> samples)
    {
        var third = Math.Max(1, samples.Count / 3);
        return string.Join(" ", Enumerable.Range(0, FaultCluster.Silos).Select(s =>
            $"{Median(samples.Take(third).Select(x => x[s])) >> 20}→{Median(samples.TakeLast(third).Select(x => x[s])) >> 20}"));
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>VmRSS of a process, from /proc.</summary>
    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
