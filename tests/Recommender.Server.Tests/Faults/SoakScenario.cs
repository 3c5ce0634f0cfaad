// A soak: mixed publish, feed reads and feedback on the three silos; no errors, and each server's memory
// grows by less than 10% from the end of the warm-up to the end (a silo restarted by an earlier scenario is
// still filling its caches and heap at first, hence a full topic window and a warm-up that is not measured).
// Memory is what a full GC finds alive; resident memory is reported beside it.
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
        await stop.CancelAsync();
        await running;

        // Medians of the first and the last third of the samples, so that one sample taken while a burst of
        // papers is in flight does not decide.
        var growth = Enumerable.Range(0, FaultCluster.Silos).Select(s => Growth(live, s)).ToArray();

        new FaultReport($"soak {FaultDurations.SoakWarmUp.TotalMinutes:0.#} min warm-up + {duration.TotalMinutes:0.#} min measured")
            .Add("feed reads", load.FeedReads).Add("papers sent", load.Publisher.Sent).Add("acked", load.Publisher.Accepted)
            .Add("feedback acked", load.FeedbackAcked)
            .Add("errors", load.Errors).Add("feed errors", FaultCalls.Describe(load.FeedErrors))
            .Add("feedback errors", FaultCalls.Describe(load.FeedbackErrors)).Add("publish errors", FaultCalls.Describe(load.Publisher.Failures))
            .Add("slowest feed read", $"{load.SlowestFeedRead.TotalSeconds:0.00} s")
            .Add("live heap MB at warm-up → end", Trend(live)).Add("growth", string.Join(" ", growth.Select(g => $"{g:+0.0%;-0.0%}")))
            .Add("RSS MB at warm-up → end", Trend(resident))
            .Add("RSS growth", string.Join(" ", Enumerable.Range(0, FaultCluster.Silos).Select(s => $"{Growth(resident, s):+0.0%;-0.0%}")))
            .Print(output);

        Assert.Equal(0, load.Errors);
        Assert.True(load.FeedReads > 0 && load.Publisher.Accepted > 0 && load.FeedbackAcked > 0);
        Assert.All(growth, g => Assert.True(g < 0.10, $"the live heap grew by {g:0.0%} after the warm-up"));
    }

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
