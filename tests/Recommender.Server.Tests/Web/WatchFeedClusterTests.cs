// WatchFeed across silos: two server processes form one cluster on PostgreSQL with feeds in
// Redis; a watch on each hears of a paper whichever silo's topic grain wrote it.
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;
using Recommender.Server.Tests.Persistence;
using Recommender.Training.Simulation;
using Xunit.Abstractions;
using Kind = Recommender.Api.V1.FeedEvent.Types.Kind;

namespace Recommender.Server.Tests.Web;

public sealed class WatchFeedClusterTests(ITestOutputHelper output)
{
    private static string Redis =>
        Environment.GetEnvironmentVariable(ProductionEndToEndTests.RedisVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{ProductionEndToEndTests.RedisVariable} is not set. Run the suite with deploy/test.sh.");

    [Fact]
    public async Task Watches_on_two_silos_both_receive_a_paper_whichever_silo_fanned_it_out()
    {
        var clusterId = "watch-" + Guid.NewGuid().ToString("N")[..10];
        await using var first = ServerProcess.Production(TestDatabases.Postgres, Redis, clusterId);
        await using var second = ServerProcess.Production(TestDatabases.Postgres, Redis, clusterId);
        await first.StartAsync();
        await second.StartAsync();

        var topic = new Topic { Id = "graph-learning", Name = "Graph learning" };
        topic.Keywords.AddRange(SyntheticCorpus.Themes[0].Words.Take(8));
        await new Topics.TopicsClient(first.Channel).CreateTopicAsync(new CreateTopicRequest { Topic = topic });
        var users = new Users.UsersClient(second.Channel);
        await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "watcher" } });
        await users.FollowTopicAsync(new FollowTopicRequest { UserId = "watcher", TopicId = topic.Id });

        using var onFirst = new Recommender.Api.V1.Feeds.FeedsClient(first.Channel).WatchFeed(new WatchFeedRequest { UserId = "watcher" });
        using var onSecond = new Recommender.Api.V1.Feeds.FeedsClient(second.Channel).WatchFeed(new WatchFeedRequest { UserId = "watcher" });
        var firstEvents = new WatchFeedTests.EventReader(onFirst.ResponseStream);
        var secondEvents = new WatchFeedTests.EventReader(onSecond.ResponseStream);
        await firstEvents.UntilAsync(Kind.Synced);
        await secondEvents.UntilAsync(Kind.Synced);

        // Both streams are read while papers are published, one at a time through each silo in
        // turn (so fan-outs run on both); when each event arrived is noted, to report (not to assert)
        // the time from a publish's ACCEPTED to the event.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var readers = new[] { firstEvents, secondEvents }.Select(events => Task.Run(async () =>
        {
            var arrived = new Dictionary<string, TimeSpan>();
            while (arrived.Count < 4)
            {
                foreach (var e in (await events.UntilAsync(Kind.Synced)).Where(e => e.Kind == Kind.Entered))
                {
                    arrived[e.PaperId] = clock.Elapsed;
                }
            }
            return arrived;
        })).ToArray();
        var acknowledged = new Dictionary<string, TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            var paper = Workload.ToApi(SyntheticCorpus.PaperOfTheme(0, i, seed: 5));
            var answer = Assert.Single(await EndToEndScenarios.PublishAll(i % 2 == 0 ? first : second, [paper]));
            Assert.Equal(PublishStatus.Accepted, answer.Status);
            acknowledged[answer.PaperId] = clock.Elapsed;
        }
        var heard = await Task.WhenAll(readers);
        foreach (var (arrived, silo) in heard.Zip(new[] { "first", "second" }))
        {
            Assert.Equal(acknowledged.Keys.Order(), arrived.Keys.Order());
            output.WriteLine($"{silo} silo: ACCEPTED -> ENTERED " + string.Join(", ", acknowledged.Select(a => $"{(arrived[a.Key] - a.Value).TotalMilliseconds:0} ms")));
        }
    }
}
