// A graceful stop (SIGTERM, as Kubernetes sends) of one silo while papers are published to all three:
// in-flight streams finish or fail with a retryable status, and nothing acknowledged is lost.
using Grpc.Core;
using Recommender.Api.V1;

namespace Recommender.Server.Tests.Faults;

public sealed partial class FaultTests
{
    [Fact]
    public async Task A_silo_stopped_gracefully_during_publishing_fails_streams_only_with_retryable_statuses_and_loses_nothing()
    {
        await cluster.RestartStoppedAsync();
        var calls = new FaultCalls(cluster.Channels);
        var papers = new FaultPapers("shutdown");
        var readers = await FaultSetup.FollowersAsync(calls, papers, "shutdown-reader", 20);
        var batch = papers.Next(FaultDurations.Long ? 20_000 : 6_000);
        var publisher = new ResilientPublisher(cluster.Channels);

        var publishing = publisher.PublishAsync(batch, streams: 3);
        // As soon as the streams are answering: a fast machine publishes the whole batch in seconds.
        while (publisher.Answered == 0 && !publishing.IsCompleted)
        {
            await Task.Delay(10);
        }
        var stoppedDuringPublish = !publishing.IsCompleted;
        await cluster.Servers[2].StopAsync();
        await publishing;
        await cluster.RestartStoppedAsync();

        var stored = publisher.Stored.ToHashSet(StringComparer.Ordinal);
        await FaultSetup.WaitUntilFannedOutAsync(cluster.Channels, stored, TimeSpan.FromMinutes(2));
        var found = 0;
        await Parallel.ForEachAsync(stored, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            var paper = await calls.CallAsync(id.Length, async c => await new Papers.PapersClient(c).GetPaperAsync(new GetPaperRequest { Id = id }));
            Interlocked.Add(ref found, paper.Paper.Id == id ? 1 : 0);
        });
        var feed = await calls.CallAsync(0, async c => await new Feeds.FeedsClient(c).GetFeedAsync(new GetFeedRequest { UserId = readers[0], PageSize = 100 }));

        new FaultReport("SIGTERM one of 3 silos during publish")
            .Add("papers sent", publisher.Sent).Add("acked", publisher.Accepted).Add("republished", publisher.Republished)
            .Add("stored", stored.Count).Add("found", found).Add("lost", stored.Count - found)
            .Add("duplicated", feed.Items.Count - feed.Items.Select(i => i.Paper.Id).Distinct().Count())
            .Add("stream errors", FaultCalls.Describe(publisher.Failures))
            .Print(output);

        Assert.True(stoppedDuringPublish, "the silo was stopped after the publish had ended");
        Assert.Equal(batch.Count, stored.Count);
        Assert.Equal(stored.Count, found);
        Assert.All(publisher.Failures.Keys, status => Assert.Contains(status, FaultCalls.Retryable));
        Assert.Equal(feed.Items.Count, feed.Items.Select(i => i.Paper.Id).Distinct().Count());
    }
}
