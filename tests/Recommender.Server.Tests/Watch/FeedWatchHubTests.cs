// The watch hub in isolation: notices only for watched users, never a wait on a watch that
// does not read, and wake-ups that coalesce instead of queueing.
using Recommender.Server.Watch;

namespace Recommender.Server.Tests.Watch;

public sealed class FeedWatchHubTests
{
    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long now = 1;

        public override long GetTimestamp() => now;

        public void Advance(TimeSpan by) => now += (long)(by.TotalSeconds * TimestampFrequency);
    }

    private sealed class RecordingTransport : IFeedChangeTransport
    {
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string[]> Sent { get; } = [];
        public Action<string[]> Changed { get; private set; } = _ => { };

        /// <summary>The hub runs its start on a background thread.</summary>
        public Task Started => started.Task;

        public Task StartAsync(Action<string[]> changed, Action<string[]> watching, CancellationToken cancellationToken)
        {
            Changed = changed;
            started.TrySetResult();
            return Task.CompletedTask;
        }

        public void SendChanged(string[] userIds)
        {
            Sent.Add(userIds);
            Changed(userIds);
        }

        public Task SendWatchingAsync(string[] userIds) => Task.CompletedTask;
    }

    [Fact]
    public async Task Writes_send_one_notice_naming_only_the_watched_users_and_none_while_nobody_watches()
    {
        var transport = new RecordingTransport();
        var hub = new FeedWatchHub(transport, TimeProvider.System);
        await hub.StartAsync(CancellationToken.None);
        hub.FeedsWritten(["a", "b"]);
        Assert.Empty(transport.Sent);

        using var watch = await hub.WatchAsync("b");
        hub.FeedsWritten(["a", "b", "c"]);
        Assert.Equal(["b"], Assert.Single(transport.Sent));
        await hub.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_watch_that_never_reads_holds_one_wake_up_and_never_blocks_a_write()
    {
        var transport = new RecordingTransport();
        var hub = new FeedWatchHub(transport, TimeProvider.System);
        await hub.StartAsync(CancellationToken.None);
        await transport.Started;
        using var idle = await hub.WatchAsync("slow");
        // Thousands of notices for a watch nobody serves: each returns at once (this would hang otherwise).
        for (var i = 0; i < 10_000; i++)
        {
            hub.FeedsWritten(["slow"]);
        }
        Assert.True(await idle!.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        // One wake-up covered them all: the next wait times out.
        Assert.False(await idle.WaitAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));
        await hub.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_user_is_forgotten_when_no_silo_announces_a_watch_for_three_periods()
    {
        var transport = new RecordingTransport();
        var time = new ManualTime();
        var hub = new FeedWatchHub(transport, time);
        var watch = await hub.WatchAsync("gone");
        watch!.Dispose();
        hub.FeedsWritten(["gone"]);
        Assert.Single(transport.Sent);
        time.Advance(FeedWatchHub.AnnouncePeriod * 3 + TimeSpan.FromSeconds(1));
        hub.FeedsWritten(["gone"]);
        Assert.Single(transport.Sent);
    }

    [Fact]
    public async Task A_user_may_hold_a_bounded_number_of_watches_on_one_silo()
    {
        var hub = new FeedWatchHub(new RecordingTransport(), TimeProvider.System);
        var watches = new List<FeedWatchHub.Watch>();
        for (var i = 0; i < FeedWatchHub.MaxWatchesPerUser; i++)
        {
            watches.Add((await hub.WatchAsync("many"))!);
        }
        Assert.Null(await hub.WatchAsync("many"));
        watches[0].Dispose();
        Assert.NotNull(await hub.WatchAsync("many"));
    }
}
