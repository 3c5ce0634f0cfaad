// Exploration end to end against the real server (embedded profile): a stock gRPC client and curl on
// REST see the same page with exploratory items and their propensities, a re-read gives the same page,
// paging shows every paper once, impressions echo the marks into the event log, and the exported log
// carries them to the inverse-propensity estimate.
using Process = System.Diagnostics.Process;
using ProcessStartInfo = System.Diagnostics.ProcessStartInfo;
using System.Text.Json;
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Training.Data;
using Recommender.Training.Evaluation;
using Recommender.Training.Simulation;
using static Recommender.Server.Tests.EndToEnd.EndToEndScenarios;

namespace Recommender.Server.Tests.EndToEnd;

public sealed class ExplorationEndToEndTests : IAsyncLifetime
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "recommender-explore", Guid.NewGuid().ToString("N"));
    private ServerProcess server = null!;

    public async Task InitializeAsync()
    {
        // A fifth of a page of 10 explores: 2 slots, drawn from the 10 most uncertain papers below the 8 ranked ones.
        server = new ServerProcess(new() { ["DataDirectory"] = data, ["Exploration:Share"] = "0.2" });
        await server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Pages_carry_exploratory_items_with_their_propensity_and_impressions_log_them()
    {
        var (slug, words) = SyntheticCorpus.Themes[0];
        var topic = new Topic { Id = slug, Name = slug };
        topic.Keywords.AddRange(words.Take(8));
        await new Topics.TopicsClient(server.Channel).CreateTopicAsync(new CreateTopicRequest { Topic = topic });
        var users = new Users.UsersClient(server.Channel);
        await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "reader" } });
        await users.FollowTopicAsync(new FollowTopicRequest { UserId = "reader", TopicId = slug });
        await WaitUntilFannedOut(server, await PublishAll(server, Enumerable.Range(0, 40).Select(i => Workload.ToApi(SyntheticCorpus.PaperOfTheme(0, i, seed: 5)))));
        var feeds = new Feeds.FeedsClient(server.Channel);
        var whole = (await feeds.GetFeedAsync(new GetFeedRequest { UserId = "reader", PageSize = 100 })).Items;
        Assert.True(whole.Count >= 25, $"the feed has {whole.Count} papers");
        Assert.All(whole, item => Assert.Equal((false, 1.0), (item.Exploratory, item.Propensity)));

        var first = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "reader", PageSize = 10 });
        var explored = first.Items.Where(i => i.Exploratory).ToArray();
        Assert.Equal(2, explored.Length);
        Assert.All(explored, item => Assert.Equal(0.1, item.Propensity, 12));
        Assert.All(first.Items.Where(i => !i.Exploratory), item => Assert.Equal(1.0, item.Propensity));
        // Ranked slots are the top 8 of the feed; exploratory ones come from below them.
        Assert.Equal(whole.Take(8).Select(i => i.Paper.Id), first.Items.Where(i => !i.Exploratory).Select(i => i.Paper.Id));
        Assert.All(explored, item => Assert.True(item.Rank > 8, $"an exploratory item ranked {item.Rank}"));
        var again = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "reader", PageSize = 10 });
        Assert.Equal(first.Etag, again.Etag);
        Assert.Equal(first.Items, again.Items);

        // curl on REST: the same page, marks and all.
        var rest = JsonDocument.Parse(await Curl($"v1/users/reader/feed?pageSize=10")).RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(first.Items.Select(i => i.Paper.Id), rest.Select(i => i.GetProperty("paper").GetProperty("id").GetString()));
        Assert.Equal(first.Items.Select(i => i.Exploratory), rest.Select(i => i.TryGetProperty("exploratory", out var e) && e.GetBoolean()));
        Assert.Equal(first.Items.Select(i => i.Propensity), rest.Select(i => i.GetProperty("propensity").GetDouble()));

        // Paging on shows every paper of the feed once.
        var shown = first.Items.Select(i => i.Paper.Id).ToList();
        for (var token = first.NextPageToken; token.Length > 0;)
        {
            var page = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "reader", PageSize = 10, PageToken = token });
            shown.AddRange(page.Items.Select(i => i.Paper.Id));
            token = page.NextPageToken;
        }
        Assert.Equal(whole.Select(i => i.Paper.Id).Order(), shown.Order());

        // The app echoes the marks; a claim of exploration without a propensity is refused, naming the field.
        var request = new RecordImpressionsRequest { UserId = "reader", ImpressionId = "explore-1" };
        request.Impressions.AddRange(first.Items.Select((item, i) => new Impression
        { PaperId = item.Paper.Id, Position = i + 1, Exploratory = item.Exploratory, Propensity = item.Propensity }));
        var bad = request.Clone();
        bad.Impressions[3].Propensity = 0;
        bad.Impressions[3].Exploratory = true;
        await AssertFails(StatusCode.InvalidArgument, "impressions[3].propensity", () => feeds.RecordImpressionsAsync(bad).ResponseAsync);
        bad.Impressions[3].Propensity = 1.5;
        await AssertFails(StatusCode.InvalidArgument, "impressions[3].propensity", () => feeds.RecordImpressionsAsync(bad).ResponseAsync);
        Assert.Equal(10, (await feeds.RecordImpressionsAsync(request)).Recorded);
        await users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = "reader", PaperId = explored[0].Paper.Id, Kind = FeedbackKind.Click });

        var lines = await Export();
        var impressions = lines.Where(l => l.Type == LogEvent.Impression).ToDictionary(l => l.PaperId);
        Assert.Equal(10, impressions.Count);
        Assert.All(first.Items, item => Assert.Equal((item.Exploratory, item.Propensity), (impressions[item.Paper.Id].Exploratory, impressions[item.Paper.Id].Propensity)));
        var outcome = ExplorationReport.Compute(lines);
        Assert.Equal((2L, 1L, 8L, 0L), (outcome.Exploratory.Impressions, outcome.Exploratory.Clicks, outcome.Ranked.Impressions, outcome.Ranked.Clicks));
        Assert.Equal(0.5, outcome.Exploratory.Rate, 12);
    }

    private async Task<string> Curl(string path)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-sS", "--fail-with-body", "-H", "authorization: Bearer " + server.Token("reader", "user"), $"http://127.0.0.1:{server.HttpPort}/{path}" })
        {
            start.ArgumentList.Add(argument);
        }
        using var curl = Process.Start(start)!;
        var body = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        Assert.True(curl.ExitCode == 0, $"curl exited {curl.ExitCode}: {body}{await curl.StandardError.ReadToEndAsync()}");
        return body;
    }

    /// <summary>The whole event log, read as `recommender logs export` reads it (Events.ExportEvents), parsed by the trainer's reader.</summary>
    private async Task<List<LogEvent>> Export()
    {
        var events = new Recommender.Api.V1.Events.EventsClient(server.Channel);
        var lines = new List<LogEvent>();
        long after = 0;
        ExportEventsResponse page;
        do
        {
            page = await events.ExportEventsAsync(new ExportEventsRequest { AfterSequence = after, PageSize = 1000 });
            lines.AddRange(page.Lines.Select(EventLog.FromLine));
            after = page.LastSequence;
        }
        while (!page.End);
        return lines;
    }
}
