// A/B with the real tool against the real server (embedded): two ranker variants by configuration,
// users in both buckets get their variant's ranker, their impressions carry the variant, and
// `recommender report ab` prints both; `model promote` refuses a bad file and swaps a variant's model.
using Recommender.Api.V1;
using Recommender.Digests.Tests.EndToEnd;
using Recommender.Ranking.Scoring;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Cli.Tests.Model;

public sealed class AbEndToEndTests() : ToolAndServer("ab", new()
{
    ["Ranking:Variants:0:Name"] = "control",
    ["Ranking:Variants:0:ModelPath"] = ModelFiles.Shipped,
    ["Ranking:Variants:0:Share"] = "1",
    ["Ranking:Variants:1:Name"] = "treatment",
    ["Ranking:Variants:1:ModelPath"] = "cosine",
    ["Ranking:Variants:1:Share"] = "1",
})
{
    [Fact]
    public async Task Users_of_both_variants_are_ranked_by_their_variant_and_report_ab_prints_both()
    {
        var root = ServerProcess.RepositoryRoot();
        await Succeeds("topics", "apply", Path.Combine(root, "docs", "sample-topics.yaml"));
        await Succeeds("import", Path.Combine(root, "docs", "sample-listing.txt"), "--format", "hf-listing", "--year", "2026");
        // The same hash the server buckets by: two readers on each side of the 50/50 split.
        var ids = Enumerable.Range(0, 40).Select(i => $"reader-{i}").ToArray();
        var control = ids.Where(id => RankerVariants.Bucket(id) < 0.5).Take(2).ToArray();
        var treatment = ids.Where(id => RankerVariants.Bucket(id) >= 0.5).Take(2).ToArray();
        var users = new Users.UsersClient(Server.Channel);
        var feeds = new Feeds.FeedsClient(Server.Channel);
        var shipped = ModelFiles.ShippedVersion();
        foreach (var id in control.Concat(treatment))
        {
            await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = id } });
            await users.FollowTopicAsync(new FollowTopicRequest { UserId = id, TopicId = "tasks-and-experts" });
            var feed = await feeds.GetFeedAsync(new GetFeedRequest { UserId = id, PageSize = 3 });
            Assert.True(feed.Items.Count >= 2, $"{id}'s feed is too short");
            Assert.Equal(control.Contains(id) ? shipped : "cosine-v1", feed.RankerVersion);
            var shown = new RecordImpressionsRequest { UserId = id, ImpressionId = "ab-1" };
            shown.Impressions.AddRange(feed.Items.Select((item, i) => new Impression { PaperId = item.Paper.Id, Position = i + 1 }));
            await feeds.RecordImpressionsAsync(shown);
            await users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = id, PaperId = feed.Items[0].Paper.Id, Kind = FeedbackKind.Click });
        }

        var events = Path.Combine(Data, "events.jsonl");
        await Succeeds("logs", "export", "--out", events);
        var impressions = File.ReadAllLines(events).Where(l => l.Contains("\"type\":\"impression\"")).ToArray();
        Assert.All(impressions, line => Assert.Contains(
            control.Any(id => line.Contains($"\"user_id\":\"{id}\"")) ? "\"variant\":\"control\"" : "\"variant\":\"treatment\"", line));
        foreach (var report in new[] { await Succeeds("report", "ab"), await Succeeds("report", "ab", "--logs", events) })
        {
            Assert.Contains("control", report);
            Assert.Contains("treatment", report);
            Assert.Contains("Wilson", report);
        }

        var junk = Path.Combine(Data, "junk.onnx");
        await File.WriteAllTextAsync(junk, "not a model");
        var (exit, refused) = await Recommender("model", "promote", junk, "--variant", "treatment");
        Assert.Equal(1, exit);
        Assert.Contains("InvalidArgument: model:", refused);
        Assert.Equal("cosine-v1", (await feeds.GetFeedAsync(new GetFeedRequest { UserId = treatment[0] })).RankerVersion);

        var promoted = Path.Combine(Data, "promoted.onnx");
        await File.WriteAllBytesAsync(promoted, ModelFiles.ShippedAs("treatment-v2"));
        Assert.Contains("treatment-v2 promoted (was cosine-v1)", await Succeeds("model", "promote", promoted, "--variant", "treatment"));
        Assert.Equal("treatment-v2", (await feeds.GetFeedAsync(new GetFeedRequest { UserId = treatment[0] })).RankerVersion);
        Assert.Equal(shipped, (await feeds.GetFeedAsync(new GetFeedRequest { UserId = control[0] })).RankerVersion);
        Assert.Contains("treatment-v2", await Succeeds("model", "list"));
    }
}
