// The idle trimmer in a real server process: once quiet after some work, it collects and decommits,
// and says so in its log.
using System.Text.RegularExpressions;
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Server.Tests.Hosting;

public sealed partial class IdleMemoryTrimmerTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("recommender-trim-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_server_left_quiet_after_some_work_runs_one_full_collection_that_does_not_grow_its_committed_memory_and_trims_the_native_heap()
    {
        await using var server = ServerProcess.Embedded(data);
        server.Environment["Logging__LogLevel__Default"] = null;
        server.Environment["Recommender__IdleTrim__Window"] = "00:00:02";
        await server.StartAsync();
        // Work first: the trimmer waits for 64 MB of allocations before it thinks a collection worth it.
        using var http = server.Http("service");
        var topics = new Topics.TopicsClient(server.Channel);
        // Counted from now: what the start allocated before the trimmer began does not count for it.
        var target = await AllocatedBytes(server, http) + (96L << 20);
        while (await AllocatedBytes(server, http) < target)
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => topics.ListTopicsAsync(new ListTopicsRequest()).ResponseAsync));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Match trim;
        while (!(trim = Trimmed().Match(server.Output())).Success && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500);
        }

        Assert.True(trim.Success, "no trim logged within 60 s:\n" + server.Output());
        Assert.True(long.Parse(trim.Groups["after"].Value) <= long.Parse(trim.Groups["before"].Value), trim.Value);
        // glibc's malloc_trim was found and called (whether it had pages to hand back depends on the allocator's state).
        Assert.NotEqual("unavailable", trim.Groups["native"].Value);
    }

    private static async Task<long> AllocatedBytes(ServerProcess server, HttpClient http)
    {
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{server.HttpPort}/metrics");
        return long.Parse(Allocated().Match(metrics).Groups["bytes"].Value);
    }

    [GeneratedRegex(@"^dotnet_gc_heap_total_allocated_bytes_total\{[^}]*\} (?<bytes>\d+)", RegexOptions.Multiline)]
    private static partial Regex Allocated();

    [GeneratedRegex(@"a full collection took \d+ ms and brought the GC's committed memory from (?<before>\d+) MB to (?<after>\d+) MB \(native heap: (?<native>[a-z ]+)\)")]
    private static partial Regex Trimmed();
}
