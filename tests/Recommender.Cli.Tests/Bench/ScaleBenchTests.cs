// `recommender bench scale` and `bench feeds` run whole against a real server at a small size: the
// benchmark behind the scale figures of docs/benchmarks.md must keep working as the service changes.
namespace Recommender.Cli.Tests.Bench;

public sealed class ScaleBenchTests() : ToolAndServer("scale-bench")
{
    [Fact]
    public async Task The_scale_benchmark_runs_every_phase_and_then_reads_every_users_feed()
    {
        var output = await Succeeds("bench", "scale", "--users", "300", "--topics", "10", "--papers", "200",
            "--latency-seconds", "1", "--concurrency", "8");

        // Each phase reports (short tokens: the table wraps its cells).
        Assert.Contains("publish → visible", output);
        Assert.Contains("burst of 2,000", output);
        Assert.Contains("GetFeed(20)", output);
        Assert.Contains("GetFeed(1)", output);

        var feeds = await Succeeds("bench", "feeds", "--users", "300");
        Assert.Contains("read 300 feeds", feeds);
        Assert.Contains("0 empty", feeds);
    }
}
