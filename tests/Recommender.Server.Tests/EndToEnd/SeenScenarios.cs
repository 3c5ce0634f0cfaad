// Seen-tracking end to end against the real server, in each profile: impressions hide papers from
// unseen_only pages without shifting page tokens, a retry logs nothing twice, an acknowledged batch
// survives a crash, and bad batches are refused naming the field.
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Ranking.Features;
using Recommender.Training.Simulation;
using static Recommender.Server.Tests.EndToEnd.EndToEndScenarios;

namespace Recommender.Server.Tests.EndToEnd;

public abstract class SeenScenarios
{
    /// <summary>A new server over storage that survives <see cref="ServerProcess.CrashAsync"/>; the same storage on every call.</summary>
    protected abstract ServerProcess NewServer();

    [Fact]
    public async Task Impressions_leave_unseen_pages_without_shifting_them_and_survive_a_retry_and_a_crash()
    {
        await using var server = NewServer();
        await server.StartAsync();
        var feeds = new Recommender.Api.V1.Feeds.FeedsClient(server.Channel);
        await FollowerWithFeed(server, "reader");
        var whole = (await feeds.GetFeedAsync(new GetFeedRequest { UserId = "reader", PageSize = 100 })).Items.Select(i => i.Paper.Id).ToArray();
        Assert.True(whole.Length >= 12, $"the feed has {whole.Length} papers");

        var first = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "reader", PageSize = 5, UnseenOnly = true });
        Assert.Equal(whole[..5], first.Items.Select(i => i.Paper.Id));
        var batch = Impressions("reader", "page-1", first.Items.Select(i => i.Paper.Id));
        Assert.Equal((false, 5), Answer(await feeds.RecordImpressionsAsync(batch)));
        Assert.Equal((true, 0), Answer(await feeds.RecordImpressionsAsync(batch)));

        // The next page continues after the first five, although they are now seen.
        var second = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "reader", PageSize = 5, UnseenOnly = true, PageToken = first.NextPageToken });
        Assert.Equal(whole[5..10], second.Items.Select(i => i.Paper.Id));
        Assert.Equal([6, 7, 8, 9, 10], second.Items.Select(i => i.Rank));

        await server.CrashAsync();
        await server.StartAsync();

        var fresh = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "reader", PageSize = 100, UnseenOnly = true });
        Assert.Equal(whole[5..], fresh.Items.Select(i => i.Paper.Id));
        Assert.Equal(whole.Length - 5, fresh.Total);
        Assert.Equal(whole.Length, (await feeds.GetFeedAsync(new GetFeedRequest { UserId = "reader", PageSize = 100 })).Items.Count);
        Assert.Equal((true, 0), Answer(await feeds.RecordImpressionsAsync(batch)));

        var logged = await Export(server);
        var impressions = logged.Where(l => l.GetProperty("type").GetString() == "impression").ToArray();
        Assert.Equal(whole[..5], impressions.Select(l => l.GetProperty("paper_id").GetString()));
        Assert.Equal([1, 2, 3, 4, 5], impressions.Select(l => l.GetProperty("position").GetInt32()));
        Assert.All(impressions, line =>
        {
            Assert.Equal("page-1", line.GetProperty("impression_id").GetString());
            Assert.True(line.GetProperty("in_feed").GetBoolean());
            Assert.NotEqual("", line.GetProperty("ranker_version").GetString());
            Assert.Equal(PairFeatures.Names, line.GetProperty("features").EnumerateObject().Select(p => p.Name));
            Assert.True(line.GetProperty("features").GetProperty("followed_topic_matches").GetSingle() >= 1);
            Assert.NotEmpty(line.GetProperty("task_scores").EnumerateObject());
        });
    }

    [Fact]
    public async Task Bad_impression_batches_are_refused_naming_the_field()
    {
        await using var server = NewServer();
        await server.StartAsync();
        var feeds = new Recommender.Api.V1.Feeds.FeedsClient(server.Channel);
        var paper = await FollowerWithFeed(server, "ada");
        Task Record(RecordImpressionsRequest request) => feeds.RecordImpressionsAsync(request).ResponseAsync;
        RecordImpressionsRequest Good() => Impressions("ada", "b-1", [paper]);

        await AssertFails(StatusCode.InvalidArgument, "user_id", () => Record(Impressions("no spaces", "b-1", [paper])));
        await AssertFails(StatusCode.InvalidArgument, "impression_id", () => Record(Impressions("ada", "", [paper])));
        await AssertFails(StatusCode.InvalidArgument, "impression_id", () => Record(Impressions("ada", new string('x', 65), [paper])));
        await AssertFails(StatusCode.InvalidArgument, "impressions", () => Record(Impressions("ada", "b-1", [])));
        await AssertFails(StatusCode.InvalidArgument, "impressions", () => Record(Impressions("ada", "b-1", Enumerable.Range(0, 101).Select(i => $"p{i}"))));
        await AssertFails(StatusCode.InvalidArgument, "impressions[1].paper_id", () => Record(Impressions("ada", "b-1", [paper, paper])));
        await AssertFails(StatusCode.InvalidArgument, "impressions[0].paper_id", () => Record(Impressions("ada", "b-1", ["bad id"])));
        var badPosition = Good();
        badPosition.Impressions[0].Position = 0;
        await AssertFails(StatusCode.InvalidArgument, "impressions[0].position", () => Record(badPosition));
        var old = Good();
        old.ShownAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-8));
        await AssertFails(StatusCode.InvalidArgument, "shown_at", () => Record(old));
        var absurd = Good();
        absurd.ShownAt = new Timestamp { Seconds = long.MaxValue };
        await AssertFails(StatusCode.InvalidArgument, "shown_at", () => Record(absurd));
        await AssertFails(StatusCode.NotFound, "user_id", () => Record(Impressions("nobody", "b-1", [paper])));
        await AssertFails(StatusCode.NotFound, "impressions[1].paper_id", () => Record(Impressions("ada", "b-1", [paper, "no-such-paper"])));
        var events = new Recommender.Api.V1.Events.EventsClient(server.Channel);
        await AssertFails(StatusCode.InvalidArgument, "after_sequence", () => events.ExportEventsAsync(new ExportEventsRequest { AfterSequence = -1 }).ResponseAsync);
        await AssertFails(StatusCode.InvalidArgument, "page_size", () => events.ExportEventsAsync(new ExportEventsRequest { PageSize = 10_001 }).ResponseAsync);

        // Nothing refused was recorded: the good batch is the first with its id.
        Assert.Equal((false, 1), Answer(await feeds.RecordImpressionsAsync(Good())));
        Assert.Single(await Export(server));
    }

    private static (bool, int) Answer(RecordImpressionsResponse response) => (response.AlreadyRecorded, response.Recorded);

    private static RecordImpressionsRequest Impressions(string userId, string batchId, IEnumerable<string> paperIds)
    {
        var request = new RecordImpressionsRequest { UserId = userId, ImpressionId = batchId };
        request.Impressions.AddRange(paperIds.Select((id, i) => new Impression { PaperId = id, Position = i + 1 }));
        return request;
    }

    /// <summary>A user following a topic whose 16 papers have all been fanned out; one of the papers' ids.</summary>
    private static async Task<string> FollowerWithFeed(ServerProcess server, string userId)
    {
        var (slug, words) = SyntheticCorpus.Themes[0];
        var topic = new Topic { Id = slug, Name = slug };
        topic.Keywords.AddRange(words.Take(8));
        await new Topics.TopicsClient(server.Channel).CreateTopicAsync(new CreateTopicRequest { Topic = topic });
        var users = new Users.UsersClient(server.Channel);
        await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = userId } });
        await users.FollowTopicAsync(new FollowTopicRequest { UserId = userId, TopicId = slug });
        var published = await PublishAll(server, Enumerable.Range(0, 16).Select(i => Workload.ToApi(SyntheticCorpus.PaperOfTheme(0, i, seed: 11))));
        await WaitUntilFannedOut(server, published);
        return published.First(p => p.Status == PublishStatus.Accepted).PaperId;
    }

    private static async Task<List<JsonElement>> Export(ServerProcess server)
    {
        var events = new Recommender.Api.V1.Events.EventsClient(server.Channel);
        var lines = new List<JsonElement>();
        long after = 0;
        ExportEventsResponse page;
        do
        {
            page = await events.ExportEventsAsync(new ExportEventsRequest { AfterSequence = after, PageSize = 2 });
            lines.AddRange(page.Lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()));
            after = page.LastSequence;
        }
        while (!page.End);
        return lines;
    }
}

public sealed class EmbeddedSeenTests : SeenScenarios, IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "recommender-e2e", Guid.NewGuid().ToString("N"));

    protected override ServerProcess NewServer() => ServerProcess.Embedded(dataDirectory);

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}

public sealed class ProductionSeenTests : SeenScenarios
{
    private readonly string clusterId = "seen-" + Guid.NewGuid().ToString("N")[..12];

    protected override ServerProcess NewServer() => ServerProcess.Production(
        Persistence.TestDatabases.Postgres,
        Environment.GetEnvironmentVariable(ProductionEndToEndTests.RedisVariable) is { Length: > 0 } redis
            ? redis
            : throw new InvalidOperationException($"{ProductionEndToEndTests.RedisVariable} is not set. Run the suite with deploy/test.sh."),
        clusterId);
}
