using Recommender.Api.V1;
using Recommender.Server.Tests.Persistence;

namespace Recommender.Server.Tests.EndToEnd;

/// <summary>The production profile: PostgreSQL clustering, storage and reminders, feeds in Redis.</summary>
public sealed class ProductionEndToEndTests : EndToEndScenarios
{
    public const string RedisVariable = "RECOMMENDER_TEST_REDIS";

    private readonly string clusterId = "e2e-" + Guid.NewGuid().ToString("N")[..12];

    private static string Redis =>
        Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{RedisVariable} is not set. Run the suite with deploy/test.sh.");

    protected override bool FeedsSurviveCrash => true;

    protected override ServerProcess NewServer() => ServerProcess.Production(TestDatabases.Postgres, Redis, clusterId);

    [Fact]
    public async Task Feeds_are_served_from_the_user_grains_when_redis_is_down()
    {
        // Port 1 on loopback: nothing listens there, so every Redis call fails.
        await FeedsAreServedWithRedisAt("127.0.0.1:1,connectTimeout=200");
    }

    [Fact]
    public async Task Feeds_are_served_from_the_user_grains_when_redis_accepts_connections_but_never_answers()
    {
        using var blackHole = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        blackHole.Start(backlog: 100);
        var port = ((System.Net.IPEndPoint)blackHole.LocalEndpoint).Port;
        await FeedsAreServedWithRedisAt($"127.0.0.1:{port},connectTimeout=200");
    }

    private async Task FeedsAreServedWithRedisAt(string redis)
    {
        await using var server = ServerProcess.Production(TestDatabases.Postgres, redis, clusterId + "-" + Guid.NewGuid().ToString("N")[..6]);
        await server.StartAsync();
        var topics = new Topics.TopicsClient(server.Channel);
        var topic = new Topic { Id = "graph-learning", Name = "Graph learning", Keywords = { "graph", "node", "edge" } };
        await topics.CreateTopicAsync(new CreateTopicRequest { Topic = topic });
        var users = new Users.UsersClient(server.Channel);
        await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "offline" } });
        await users.FollowTopicAsync(new FollowTopicRequest { UserId = "offline", TopicId = "graph-learning" });
        var papers = Recommender.Training.Simulation.SyntheticCorpus.Generate(40, seed: 3).Select(p => Workload.ToApi(p));
        await WaitUntilFannedOut(server, await PublishAll(server, papers));

        var feed = await new Recommender.Api.V1.Feeds.FeedsClient(server.Channel).GetFeedAsync(
            new GetFeedRequest { UserId = "offline" }, deadline: DateTime.UtcNow.AddSeconds(5));
        Assert.NotEmpty(feed.Items);
        Assert.All(feed.Items, i => Assert.Contains(i.Reasons, r => r.StartsWith("topic:graph-learning")));
    }
}
