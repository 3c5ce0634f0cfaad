// Load that runs beside a fault: feed reads (each with a 10 s deadline), small publishes and feedback,
// spread over the three servers; it counts what succeeded, what failed and the slowest feed read.
using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Recommender.Api.V1;

namespace Recommender.Server.Tests.Faults;

public sealed class MixedLoad(IReadOnlyList<GrpcChannel> channels, FaultPapers papers, IReadOnlyList<string> users, bool feedback)
{
    /// <summary>A feed read that takes longer fails (DEADLINE_EXCEEDED) and counts as an error.</summary>
    public static readonly TimeSpan FeedDeadline = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<StatusCode, int> feedErrors = new();
    private readonly ConcurrentDictionary<StatusCode, int> feedbackErrors = new();
    private long feedReads;
    private long slowestTicks;
    private long feedbackAcked;

    public ResilientPublisher Publisher { get; } = new(channels);
    public long FeedReads => Interlocked.Read(ref feedReads);
    public IReadOnlyDictionary<StatusCode, int> FeedErrors => feedErrors;
    public IReadOnlyDictionary<StatusCode, int> FeedbackErrors => feedbackErrors;
    public long FeedbackAcked => Interlocked.Read(ref feedbackAcked);
    public TimeSpan SlowestFeedRead => TimeSpan.FromTicks(Interlocked.Read(ref slowestTicks));
    public int Errors => feedErrors.Values.Sum() + feedbackErrors.Values.Sum() + Publisher.StreamErrors;

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(ReadFeeds(0, stop), ReadFeeds(1, stop), Publish(stop), Feedback(stop));

    private async Task ReadFeeds(int worker, CancellationToken stop)
    {
        for (var i = worker; !stop.IsCancellationRequested; i += 2)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await new Feeds.FeedsClient(channels[i % channels.Count]).GetFeedAsync(
                    new GetFeedRequest { UserId = users[i % users.Count], PageSize = 20 }, deadline: DateTime.UtcNow + FeedDeadline);
                Interlocked.Increment(ref feedReads);
            }
            catch (RpcException e)
            {
                feedErrors.AddOrUpdate(e.StatusCode, 1, (_, n) => n + 1);
            }
            var elapsed = clock.Elapsed.Ticks;
            for (var seen = Interlocked.Read(ref slowestTicks); elapsed > seen; seen = Interlocked.Read(ref slowestTicks))
            {
                Interlocked.CompareExchange(ref slowestTicks, elapsed, seen);
            }
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private async Task Publish(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Publisher.PublishAsync(papers.Next(10), streams: 1);
            await Task.Delay(300, CancellationToken.None);
        }
    }

    private async Task Feedback(CancellationToken stop)
    {
        var random = new Random(5);
        while (feedback && !stop.IsCancellationRequested)
        {
            var user = users[random.Next(users.Count)];
            var channel = channels[random.Next(channels.Count)];
            try
            {
                var feed = await new Feeds.FeedsClient(channel).GetFeedAsync(new GetFeedRequest { UserId = user, PageSize = 20 }, deadline: DateTime.UtcNow + FeedDeadline);
                if (feed.Items.Count > 0)
                {
                    var paper = feed.Items[random.Next(feed.Items.Count)].Paper.Id;
                    var kind = random.Next(3) == 0 ? FeedbackKind.Save : FeedbackKind.Click;
                    await new Users.UsersClient(channel).RecordFeedbackAsync(new RecordFeedbackRequest { UserId = user, PaperId = paper, Kind = kind });
                    Interlocked.Increment(ref feedbackAcked);
                }
            }
            catch (RpcException e)
            {
                feedbackErrors.AddOrUpdate(e.StatusCode, 1, (_, n) => n + 1);
            }
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
