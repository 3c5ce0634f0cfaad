// Redis stopped for 30 s (coming back with the data it had, stale by then), then black-holed, under load:
// every feed read succeeds within its deadline, ingest goes on, and a paper hidden meanwhile stays hidden.
using Recommender.Api.V1;

namespace Recommender.Server.Tests.Faults;

public sealed partial class FaultTests
{
    [Fact]
    public async Task Feeds_are_served_and_hides_hold_through_a_stopped_and_a_black_holed_redis()
    {
        await cluster.RestartStoppedAsync();
        var calls = new FaultCalls(cluster.Channels);
        var papers = new FaultPapers("redis");
        var users = await FaultSetup.FollowersAsync(calls, papers, "redis-reader", 30);
        var first = new ResilientPublisher(cluster.Channels);
        await first.PublishAsync(papers.Next(100), streams: 1);
        await FaultSetup.WaitUntilFannedOutAsync(cluster.Channels, first.Stored, TimeSpan.FromMinutes(1));
        // Every feed is in Redis before it goes.
        foreach (var user in users)
        {
            await calls.CallAsync(0, async c => await new Feeds.FeedsClient(c).GetFeedAsync(new GetFeedRequest { UserId = user }));
        }

        using var stop = new CancellationTokenSource();
        var load = new MixedLoad(cluster.Channels, papers, users, feedback: false);
        var running = load.RunAsync(stop.Token);

        // Stopped with its data saved, so it comes back holding feeds that are stale by then.
        await cluster.Redis.StopSavingAsync();
        var acceptedBefore = load.Publisher.Accepted;
        var hiddenWhileStopped = await HideTopPaper(calls, users[0]);
        await Task.Delay(FaultDurations.RedisStopped);
        var acceptedWhileStopped = load.Publisher.Accepted - acceptedBefore;
        await cluster.Redis.StartAsync();
        var staleAfterStop = await StaleReads(users[0], hiddenWhileStopped);

        cluster.Gate.BlackHole();
        acceptedBefore = load.Publisher.Accepted;
        var hiddenWhileBlackHoled = await HideTopPaper(calls, users[1]);
        await Task.Delay(FaultDurations.RedisBlackHoled);
        var acceptedWhileBlackHoled = load.Publisher.Accepted - acceptedBefore;
        cluster.Gate.Restore();
        var staleAfterBlackHole = await StaleReads(users[1], hiddenWhileBlackHoled) + await StaleReads(users[0], hiddenWhileStopped);

        await stop.CancelAsync();
        await running;
        await FaultSetup.WaitUntilFannedOutAsync(cluster.Channels, load.Publisher.Stored, TimeSpan.FromMinutes(1));

        new FaultReport("Redis stopped 30 s, then black-holed")
            .Add("feed reads ok", load.FeedReads).Add("feed read errors", FaultCalls.Describe(load.FeedErrors))
            .Add("slowest feed read", $"{load.SlowestFeedRead.TotalSeconds:0.00} s")
            .Add("papers sent", load.Publisher.Sent).Add("acked", load.Publisher.Accepted)
            .Add("acked while stopped", acceptedWhileStopped).Add("acked while black-holed", acceptedWhileBlackHoled)
            .Add("publish errors", FaultCalls.Describe(load.Publisher.Failures))
            .Add("hidden papers served after Redis returned", staleAfterStop + staleAfterBlackHole)
            .Add("call errors", FaultCalls.Describe(calls.Failures))
            .Print(output);

        Assert.Empty(load.FeedErrors);
        Assert.True(load.FeedReads > 0);
        Assert.True(acceptedWhileStopped > 0, "ingest stopped while Redis was stopped");
        Assert.True(acceptedWhileBlackHoled > 0, "ingest stopped while Redis was black-holed");
        Assert.Equal(0, staleAfterStop + staleAfterBlackHole);
        Assert.Equal(0, load.Publisher.StreamErrors);
    }

    /// <summary>The user hides the first paper of its feed; returns its id.</summary>
    private static async Task<string> HideTopPaper(FaultCalls calls, string user)
    {
        var feed = await calls.CallAsync(0, async c => await new Feeds.FeedsClient(c).GetFeedAsync(new GetFeedRequest { UserId = user }));
        var top = feed.Items[0].Paper.Id;
        await calls.CallAsync(1, async c => await new Users.UsersClient(c).RecordFeedbackAsync(new RecordFeedbackRequest { UserId = user, PaperId = top, Kind = FeedbackKind.Hide }));
        return top;
    }

    /// <summary>Reads the user's feed on every server for 3 s; counts the reads that still show the hidden paper.</summary>
    private async Task<int> StaleReads(string user, string hidden)
    {
        var stale = 0;
        var calls = new FaultCalls(cluster.Channels);
        for (var i = 0; i < 30; i++)
        {
            var feed = await calls.CallAsync(i, async c => await new Feeds.FeedsClient(c).GetFeedAsync(new GetFeedRequest { UserId = user, PageSize = 100 }));
            stale += feed.Items.Any(item => item.Paper.Id == hidden) ? 1 : 0;
            await Task.Delay(100);
        }
        return stale;
    }
}
