// The seen set shared by app and mail, and the learning loop's first step, end to end: papers the
// app showed are never mailed, and the service's own event log, exported with the real tool,
// becomes a training CSV and a model with the real tool.
using System.Globalization;
using System.Net;
using Recommender.Api.V1;
using Recommender.Training.Data;

namespace Recommender.Digests.Tests.EndToEnd;

public sealed class SeenDigestEndToEndTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("recommender-seen-e2e-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Papers_seen_in_the_app_are_never_mailed_and_the_exported_log_trains_a_model()
    {
        await using var world = await DigestWorld.StartAsync();
        await world.AddUserAsync("reader", "reader@example.org", DigestCadence.Daily, "UTC", 0, topic: 0);
        await world.AddUserAsync("clicker", "clicker@example.org", DigestCadence.Never, "UTC", 0, topic: 1);
        var readerFeed = await world.FeedAsync("reader");
        var clickerFeed = await world.FeedAsync("clicker");
        Assert.True(readerFeed.Count > 4 && clickerFeed.Count >= 8, $"feeds of {readerFeed.Count} and {clickerFeed.Count} papers");

        var seen = readerFeed.Take(4).ToArray();
        Assert.Equal(4, (await world.Feeds.RecordImpressionsAsync(Batch("reader", "app-1", seen))).Recorded);
        Assert.True((await world.Feeds.RecordImpressionsAsync(Batch("reader", "app-1", seen))).AlreadyRecorded);
        var shown = clickerFeed.Take(8).ToArray();
        await world.Feeds.RecordImpressionsAsync(Batch("clicker", "app-1", shown));
        foreach (var item in shown.Take(3))
        {
            await Feedback("clicker", item.Paper.Id, FeedbackKind.Click);
        }
        await Feedback("clicker", shown[0].Paper.Id, FeedbackKind.Save);
        await world.Users.UnfollowTopicAsync(new UnfollowTopicRequest { UserId = "clicker", TopicId = DigestWorld.TopicOf(1) });

        var run = await world.RunAsync(world.Options(now: true));

        Assert.Equal(1, run.Sent);
        var mail = world.Mailboxes()["reader@example.org"].Single();
        Assert.All(seen, item => Assert.DoesNotContain(item.Paper.Title, mail.TextBody, StringComparison.Ordinal));
        Assert.All(readerFeed.Skip(4), item => Assert.Contains(item.Paper.Title, mail.TextBody, StringComparison.Ordinal));
        using (var http = new HttpClient())
        {
            var unsubscribed = await http.PostAsync(DigestWorld.UnsubscribeUrl(mail), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        }

        var logs = Path.Combine(work, "events.jsonl");
        var csv = Path.Combine(work, "train.csv");
        var model = Path.Combine(work, "model.onnx");
        // The tool mints its service token from the server's key file.
        await Tool("--server", world.Server.GrpcAddress, "--key", world.Server.KeyFile, "logs", "export", "--out", logs);
        var events = EventLog.ReadFile(logs);
        Assert.Equal(12, events.Count(e => e.Type == LogEvent.Impression));
        Assert.Equal(Enumerable.Range(1, 8), events.Where(e => e.UserId == "clicker" && e.Type == LogEvent.Impression).Select(e => e.Position ?? 0));
        Assert.Equal(["click", "click", "click", "save"], events.Where(e => e.Type == LogEvent.Feedback).Select(e => e.Kind).Order());
        Assert.Equal(["digest", "topic"], events.Where(e => e.Type == LogEvent.Unsubscribe).Select(e => e.Kind).Order());

        await Tool("logs", "to-csv", "--logs", logs, "--out", csv);
        var rows = File.ReadAllLines(csv);
        Assert.Equal(13, rows.Length);
        var click = Array.IndexOf(rows[0].Split(','), "click");
        Assert.Equal(3, rows.Skip(1).Count(r => r.Split(',')[click] == "1"));
        var trained = await Tool("train", "--data", csv, "--label", "click", "--label", "save", "--arch", "shared-bottom", "--epochs", "3", "--out", model);
        Assert.Contains("12 rows", trained, StringComparison.Ordinal);
        Assert.True(new FileInfo(model).Length > 0);

        async Task Feedback(string userId, string paperId, FeedbackKind kind) =>
            await world.Users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = userId, PaperId = paperId, Kind = kind });
    }

    private static RecordImpressionsRequest Batch(string userId, string id, IEnumerable<FeedItem> items)
    {
        var request = new RecordImpressionsRequest { UserId = userId, ImpressionId = id };
        request.Impressions.AddRange(items.Select(item => new Impression { PaperId = item.Paper.Id, Position = item.Rank }));
        return request;
    }

    /// <summary>Runs the recommender tool to its end; its output, after checking it succeeded.</summary>
    private static async Task<string> Tool(params string[] arguments)
    {
        using var tool = CliProcess.Start(arguments);
        var exit = await tool.WaitAsync();
        Assert.True(exit == 0, string.Create(CultureInfo.InvariantCulture, $"recommender {string.Join(' ', arguments)} exited {exit}:\n{tool.Output}"));
        return tool.Output;
    }
}
