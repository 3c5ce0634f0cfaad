using Grpc.Core;
using Recommender.Cli.Import;
using Recommender.Importers;

namespace Recommender.Cli.Tests;

public sealed class PublishPipelineTests
{
    private static IEnumerable<ImportEntry> Papers(int count, int firstLine = 1) =>
        Enumerable.Range(0, count).Select(i => (ImportEntry)new ImportedPaper(firstLine + i, $"p{i}", $"Title {i}", "Abstract", [], 0, null, 0, null, []));

    [Fact]
    public async Task Every_paper_is_answered_and_counted_by_status()
    {
        var call = new FakePublishCall(alreadyStored: ["p1", "p2"]);
        var stats = new ImportStats();

        await new PublishPipeline(window: 16).RunAsync(Papers(100), call, call, stats, _ => { }, CancellationToken.None);

        Assert.Equal(100, stats.Read);
        Assert.Equal(98, stats.Accepted);
        Assert.Equal(2, stats.Duplicate);
        Assert.Equal(0, stats.Rejected);
    }

    [Fact]
    public async Task No_more_than_the_window_of_requests_is_ever_unanswered()
    {
        var call = new FakePublishCall();

        await new PublishPipeline(window: 8).RunAsync(Papers(2000), call, call, new ImportStats(), _ => { }, CancellationToken.None);

        Assert.InRange(call.MaxInFlight, 1, 8);
        Assert.Equal(2000, call.Received.Count);
    }

    [Fact]
    public async Task Re_running_an_import_gets_duplicates_for_what_was_accepted()
    {
        var call = new FakePublishCall();
        await new PublishPipeline(64).RunAsync(Papers(50), call, call, new ImportStats(), _ => { }, CancellationToken.None);
        var again = new FakePublishCall(call.Received.Select(r => r.Paper.Id));
        var stats = new ImportStats();

        await new PublishPipeline(64).RunAsync(Papers(50), again, again, stats, _ => { }, CancellationToken.None);

        Assert.Equal(50, stats.Duplicate);
        Assert.Equal(0, stats.Accepted);
    }

    [Fact]
    public async Task Malformed_records_are_reported_and_rejections_keep_their_line()
    {
        ImportEntry[] entries =
        [
            new ImportIssue(3, "bad JSON"),
            new ImportedPaper(7, "x", "", "", [], 0, null, 0, null, []),
            new ImportedPaper(8, "y", "Fine", "", [], 0, null, 0, null, []),
        ];
        var call = new FakePublishCall();
        var stats = new ImportStats();
        var issues = new List<ImportIssue>();

        await new PublishPipeline(4).RunAsync(entries, call, call, stats, issues.Add, CancellationToken.None);

        Assert.Equal(3, Assert.Single(issues).Line);
        Assert.Equal(1, stats.Issues);
        Assert.Equal((7L, "title: required"), Assert.Single(stats.RejectedSamples));
        Assert.Equal(1, stats.Accepted);
    }

    [Fact]
    public async Task A_server_failure_mid_stream_surfaces_as_the_rpc_error_instead_of_hanging()
    {
        var call = new FakePublishCall { FailAfter = 10 };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new PublishPipeline(4).RunAsync(Papers(1000), call, call, new ImportStats(), _ => { }, CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
