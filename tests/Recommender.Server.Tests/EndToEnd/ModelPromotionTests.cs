// `Models.PromoteModel` against two real server processes (one cluster on PostgreSQL, feeds in
// Redis): a bad file changes nothing and says why; a good one serves on both silos without a
// restart, feeds scored by the old model are re-scored when read, and a restarted silo serves it.
using Google.Protobuf;
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Server.Tests.Persistence;
using Recommender.Training.Simulation;

namespace Recommender.Server.Tests.EndToEnd;

public sealed class ModelPromotionTests
{
    private static string Redis =>
        Environment.GetEnvironmentVariable(ProductionEndToEndTests.RedisVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{ProductionEndToEndTests.RedisVariable} is not set. Run the suite with deploy/test.sh.");

    [Fact]
    public async Task A_promoted_model_serves_on_every_silo_without_a_restart_and_a_bad_file_changes_nothing()
    {
        var clusterId = "promote-" + Guid.NewGuid().ToString("N")[..10];
        await using var first = ServerProcess.Production(TestDatabases.Postgres, Redis, clusterId);
        await using var second = ServerProcess.Production(TestDatabases.Postgres, Redis, clusterId);
        await first.StartAsync();
        await second.StartAsync();
        var pids = (first.ProcessId, second.ProcessId);

        var topic = new Topic { Id = "graph-learning", Name = "Graph learning" };
        topic.Keywords.AddRange(SyntheticCorpus.Themes[0].Words.Take(8));
        await new Topics.TopicsClient(first.Channel).CreateTopicAsync(new CreateTopicRequest { Topic = topic });
        var users = new Users.UsersClient(second.Channel);
        await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "reader" } });
        await users.FollowTopicAsync(new FollowTopicRequest { UserId = "reader", TopicId = topic.Id });
        var papers = Enumerable.Range(0, 6).Select(i => Workload.ToApi(SyntheticCorpus.PaperOfTheme(0, i, seed: 9))).ToArray();
        Assert.All(await EndToEndScenarios.PublishAll(first, papers[..3]), a => Assert.Equal(PublishStatus.Accepted, a.Status));

        var shipped = ModelFiles.ShippedVersion();
        foreach (var silo in new[] { first, second })
        {
            var feed = await Until(silo, f => f.Items.Count >= 3, "the first papers in the feed");
            Assert.Equal(shipped, feed.RankerVersion);
        }

        // Not a model at all, then a model for other features: refused, and nothing changes anywhere.
        var models = new Recommender.Api.V1.Models.ModelsClient(first.Channel);
        var junk = await Assert.ThrowsAsync<RpcException>(() => models.PromoteModelAsync(new PromoteModelRequest { Model = ByteString.CopyFromUtf8("not an onnx model") }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, junk.StatusCode);
        Assert.StartsWith("model: ", junk.Status.Detail);
        Assert.Contains("not a loadable ONNX model", junk.Status.Detail);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => models.PromoteModelAsync(new PromoteModelRequest { Model = ByteString.CopyFrom(ModelFiles.ShippedAs("x")), Variant = "nope" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.StartsWith("variant: 'nope' is not a configured ranker variant", unknown.Status.Detail);
        var otherFeatures = ModelFiles.ShippedWith("feature_names", "interest_similarity,negative_similarity,topic_similarity,followed_topic_matches,log_upvotes,log_user_activity,log_age_days");
        var mismatch = await Assert.ThrowsAsync<RpcException>(() => models.PromoteModelAsync(new PromoteModelRequest { Model = ByteString.CopyFrom(otherFeatures) }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, mismatch.StatusCode);
        Assert.Contains("in the service schema", mismatch.Status.Detail);
        // Another model under the serving version would pass for it (feeds and thresholds go by version).
        var sameVersion = await Assert.ThrowsAsync<RpcException>(() => models.PromoteModelAsync(new PromoteModelRequest { Model = ByteString.CopyFrom(ModelFiles.ShippedWith("seed", "2")) }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, sameVersion.StatusCode);
        Assert.StartsWith($"model: its model_version '{shipped}' already serves", sameVersion.Status.Detail);
        foreach (var silo in new[] { first, second })
        {
            var serving = Assert.Single((await new Recommender.Api.V1.Models.ModelsClient(silo.Channel).ListModelsAsync(new ListModelsRequest())).Variants);
            Assert.Equal((shipped, false), (serving.RankerVersion, serving.Promoted));
        }

        var version = "promoted-" + Guid.NewGuid().ToString("N")[..8];
        var model = ModelFiles.ShippedAs(version);
        var answer = await models.PromoteModelAsync(new PromoteModelRequest { Model = ByteString.CopyFrom(model) });
        Assert.Equal((RankerVariantsDefault, version, shipped, false), (answer.Variant, answer.RankerVersion, answer.PreviousVersion, answer.Unchanged));

        // Both silos: the feed the old model scored is re-scored on read, and papers fanned out from now on carry the new version.
        Assert.All(await EndToEndScenarios.PublishAll(second, papers[3..]), a => Assert.Equal(PublishStatus.Accepted, a.Status));
        foreach (var silo in new[] { first, second })
        {
            var feed = await Until(silo, f => f.RankerVersion == version && f.Items.Count >= 6, $"model {version} on silo {silo.SiloPort}");
            Assert.All(feed.Items, item => Assert.Equal(version, item.RankerVersion));
        }
        Assert.Equal(pids, (first.ProcessId, second.ProcessId));

        // A retry of the same promotion changes nothing.
        Assert.True((await models.PromoteModelAsync(new PromoteModelRequest { Model = ByteString.CopyFrom(model) })).Unchanged);

        // A silo started again serves the promoted model from the start.
        await second.StopAsync();
        await second.StartAsync();
        var restarted = Assert.Single((await new Recommender.Api.V1.Models.ModelsClient(second.Channel).ListModelsAsync(new ListModelsRequest())).Variants);
        Assert.Equal((version, true), (restarted.RankerVersion, restarted.Promoted));
        Assert.Equal(version, (await Feed(second)).RankerVersion);
    }

    private const string RankerVariantsDefault = "default";

    private static Task<GetFeedResponse> Feed(ServerProcess silo) =>
        new Recommender.Api.V1.Feeds.FeedsClient(silo.Channel).GetFeedAsync(new GetFeedRequest { UserId = "reader", PageSize = 100 }).ResponseAsync;

    /// <summary>Reads the feed until <paramref name="done"/> holds; fails after 60 s (fan-out and the silos' model poll are asynchronous).</summary>
    private static async Task<GetFeedResponse> Until(ServerProcess silo, Func<GetFeedResponse, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var feed = await Feed(silo);
            if (done(feed))
            {
                return feed;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited 60 s for {what}; the feed has {feed.Items.Count} items of {feed.RankerVersion}");
            }
            await Task.Delay(200);
        }
    }
}
