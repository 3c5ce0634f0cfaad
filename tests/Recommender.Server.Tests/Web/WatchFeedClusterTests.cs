// WatchFeed across silos: two server processes form one cluster on PostgreSQL with feeds in
// Redis; a watch on each hears of a paper whichever silo's topic grain wrote it.
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;
using Recommender.Server.Tests.Persistence;
using Recommender.Training.Simulation;
using Kind = Recommender.Api.V1.FeedEvent.Types.Kind;

namespace Recommender.Server.Tests.Web;

public sealed class WatchFeedClusterTests
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

        // Several papers, published through each silo in turn, so fan-outs run on both.
        var papers = Enumerable.Range(0, 4).Select(i => Workload.ToApi(SyntheticCorpus.PaperOfTheme(0, i, seed: 5))).ToArray();
        var responses = new List<PublishResponse>();
        for (var i = 0; i < papers.Length; i++)
        {
            responses.AddRange(await EndToEndScenarios.PublishAll(i % 2 == 0 ? first : second, [papers[i]]));
        }
        var published = responses.Select(r => r.PaperId).Order().ToArray();
        Assert.Equal(published, await EnteredAsync(firstEvents, published.Length));
        Assert.Equal(published, await EnteredAsync(secondEvents, published.Length));
    }

    private static async Task<string[]> EnteredAsync(WatchFeedTests.EventReader events, int count)
    {
        var entered = new List<string>();
        while (entered.Count < count)
        {
            entered.AddRange((await events.UntilAsync(Kind.Synced)).Where(e => e.Kind == Kind.Entered).Select(e => e.PaperId));
        }
        return entered.Order().ToArray();
    }
}
