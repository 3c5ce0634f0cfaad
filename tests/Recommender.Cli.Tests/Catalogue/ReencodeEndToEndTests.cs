// `recommender catalogue re-encode` with the real tool against the real server on a real PostgreSQL:
// a catalogue written with the hashed encoder moves to the sentence encoder, resumably and idempotently,
// and the server afterwards routes, ranks and answers with the new encoder only.
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;
using Recommender.Training.Simulation;

namespace Recommender.Cli.Tests.Catalogue;

public sealed class ReencodeEndToEndTests
{
    private const string Hashed = "hashed-tf-v1-d256";
    private const string Sentence = "arctic-xs-v1-t256";

    [Fact]
    public async Task A_hashed_catalogue_moves_to_the_sentence_encoder_in_resumable_batches_and_a_second_run_changes_nothing()
    {
        var postgres = await NewPostgresDatabaseAsync();
        var root = ServerProcess.RepositoryRoot();
        int papers;
        await using (var hashed = new ServerProcess(new() { ["Postgres"] = postgres, ["ClusterId"] = "reencode" }))
        {
            await hashed.StartAsync();
            await ToolAndServer.ToolSucceeds(hashed, "topics", "apply", Path.Combine(root, "docs", "sample-topics.yaml"));
            await ToolAndServer.ToolSucceeds(hashed, "import", Path.Combine(root, "docs", "sample-listing.txt"), "--format", "hf-listing", "--year", "2026");
            await PublishAsync(hashed, SyntheticCorpus.Generate(30, seed: 5).Select(p => new Paper { Id = p.Id, Title = p.Title, Abstract = p.Abstract }));
            await new Users.UsersClient(hashed.Channel).UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "reader" } });
            await new Users.UsersClient(hashed.Channel).FollowTopicAsync(new FollowTopicRequest { UserId = "reader", TopicId = "tasks-and-experts" });
            papers = (await Vectors(hashed)).Count;
            Assert.InRange(papers, 31, 1000);
            await hashed.StopAsync();
        }

        await using var sentence = new ServerProcess(new() { ["Postgres"] = postgres, ["ClusterId"] = "reencode", ["Encoder"] = "arctic-xs" });
        await sentence.StartAsync();
        Assert.All(await Vectors(sentence), v => Assert.Equal(Hashed, v.Encoder));
        var users = new Users.UsersClient(sentence.Channel);
        Assert.Equal(Hashed, (await users.GetUserAsync(new GetUserRequest { Id = "reader" })).Encoder);

        // A paper published after the switch, before the migration, is encoded by the new encoder: no topic of it exists yet.
        var during = new Paper { Id = "during-the-move", Title = "Experts shared across tasks by a gating network", Abstract = "Multi-task learning with a mixture of experts: a gating network picks a few shared experts for each task's inputs, so new tasks do not erase earlier ones." };
        Assert.Empty(Assert.Single(await PublishAsync(sentence, [during])).Topics);

        // Another encoder than the server's is refused, naming the field, and changes nothing.
        var (exit, refused) = await ToolAndServer.RunTool(sentence, "catalogue", "re-encode", "--encoder", Hashed);
        Assert.Equal(1, exit);
        Assert.Contains("FailedPrecondition: encoder:", refused);

        // One batch by hand, as an interrupted run would leave it; the tool resumes from its token.
        var catalogue = new Recommender.Api.V1.Catalogue.CatalogueClient(sentence.Channel);
        var first = await catalogue.ReencodePapersAsync(new ReencodePapersRequest { Encoder = Sentence, BatchSize = 3 });
        Assert.Equal((3, 3, Sentence), (first.Scanned, first.Reencoded, first.Encoder));
        var resumed = await ToolAndServer.ToolSucceeds(sentence, "catalogue", "re-encode", "--encoder", Sentence, "--batch-size", "7", "--from", first.NextPageToken);
        Assert.Contains($"papers done: {papers - 3:N0} re-encoded of {papers - 2:N0}", resumed);
        Assert.Contains("topics done: 2 re-defined", resumed);
        Assert.Contains("users done: 1 re-derived of 1", resumed);
        Assert.Equal(Sentence, (await users.GetUserAsync(new GetUserRequest { Id = "reader" })).Encoder);

        var vectors = await Vectors(sentence);
        Assert.Equal(papers + 1, vectors.Count);
        Assert.All(vectors, v => Assert.Equal((Sentence, 384), (v.Encoder, v.Vector.Count)));
        var topics = await new Recommender.Api.V1.Topics.TopicsClient(sentence.Channel).ListTopicsAsync(new ListTopicsRequest());
        Assert.All(topics.Topics, t => Assert.Equal(Sentence, t.Encoder));
        // The re-defined topic took in the paper published during the switch.
        var topic = await new Recommender.Api.V1.Topics.TopicsClient(sentence.Channel).GetTopicAsync(new GetTopicRequest { Id = "tasks-and-experts", RecentLimit = 100 });
        Assert.Contains(topic.RecentPapers, p => p.Id == during.Id);

        var again = await ToolAndServer.ToolSucceeds(sentence, "catalogue", "re-encode", "--encoder", Sentence);
        Assert.Contains($"papers done: 0 re-encoded of {papers + 1:N0}", again);
        Assert.Contains("topics done: 0 re-defined", again);
        Assert.Contains("users done: 0 re-derived of 1", again);

        // A new paper, encoded by the server, reaches the re-encoded topics; the follower's feed still fills.
        var paper = new Paper { Id = "after-the-move", Title = "Sharing experts across tasks with a learned gate", Abstract = "A mixture of experts routes each task's inputs to a few shared experts through a learned gate, and multi-task learning keeps earlier tasks intact." };
        var accepted = Assert.Single(await PublishAsync(sentence, [paper]));
        Assert.Equal(PublishStatus.Accepted, accepted.Status);
        Assert.Contains(accepted.Topics, t => t.TopicId == "tasks-and-experts");
        var stored = await new Papers.PapersClient(sentence.Channel).GetPaperAsync(new GetPaperRequest { Id = paper.Id });
        Assert.Equal(Sentence, stored.Encoder);
        var feed = await new Feeds.FeedsClient(sentence.Channel).GetFeedAsync(new GetFeedRequest { UserId = "reader", PageSize = 50 });
        Assert.NotEmpty(feed.Items);
    }

    private static async Task<List<PublishResponse>> PublishAsync(ServerProcess server, IEnumerable<Paper> papers)
    {
        using var publish = new Papers.PapersClient(server.Channel).Publish();
        foreach (var paper in papers)
        {
            await publish.RequestStream.WriteAsync(new PublishRequest { Paper = paper });
        }
        await publish.RequestStream.CompleteAsync();
        var responses = new List<PublishResponse>();
        while (await publish.ResponseStream.MoveNext(CancellationToken.None))
        {
            responses.Add(publish.ResponseStream.Current);
        }
        return responses;
    }

    private static async Task<List<PaperVector>> Vectors(ServerProcess server)
    {
        var client = new Papers.PapersClient(server.Channel);
        var all = new List<PaperVector>();
        var token = "";
        do
        {
            var page = await client.ListPaperVectorsAsync(new ListPaperVectorsRequest { PageSize = 1000, PageToken = token });
            all.AddRange(page.Papers);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    /// <summary>A new, empty database on the test PostgreSQL (deploy/test-services.sh); a missing server fails the test.</summary>
    private static async Task<string> NewPostgresDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable("RECOMMENDER_TEST_POSTGRES") is { Length: > 0 } value ? value
            : throw new InvalidOperationException("RECOMMENDER_TEST_POSTGRES is not set: run deploy/test.sh, or eval \"$(bash deploy/test-services.sh start)\" first.");
        var name = "recommender_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
