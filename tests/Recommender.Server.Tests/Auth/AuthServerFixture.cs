// One real server (embedded default: the development key in its data directory) shared by the
// authorization tests, with a victim user, another user, a topic and a published paper.
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Server.Tests.Auth;

public sealed class AuthServerFixture : IAsyncLifetime
{
    public const string Victim = "victim";
    public const string Other = "mallory";
    public const string TopicId = "matrix-topic";

    private readonly string data = Directory.CreateTempSubdirectory("recommender-auth-").FullName;

    public ServerProcess Server { get; private set; } = null!;

    /// <summary>A paper in the catalogue, in the victim's topic.</summary>
    public string PaperId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // The dashboard is off by default; its route is part of the matrix.
        Server = new ServerProcess(new() { ["DataDirectory"] = data, ["Dashboard"] = "true" });
        await Server.StartAsync();
        await new Topics.TopicsClient(Server.Channel).CreateTopicAsync(new CreateTopicRequest
        {
            Topic = new Topic { Id = TopicId, Name = "Matrix", Keywords = { "graph", "neural", "network" } },
        });
        var users = new Users.UsersClient(Server.Channel);
        await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = Victim, Email = "victim@example.org", Digest = DigestCadence.Daily } });
        await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = Other, Email = "mallory@example.org" } });
        await users.FollowTopicAsync(new FollowTopicRequest { UserId = Victim, TopicId = TopicId });
        var published = await EndToEndScenarios.PublishAll(Server,
        [
            new Paper { Id = "matrix-1", Title = "Graph neural networks for everything", Abstract = "A graph neural network reads graphs." },
            new Paper { Id = "matrix-2", Title = "Neural network pruning on graphs", Abstract = "Pruning graph neural networks." },
        ]);
        await EndToEndScenarios.WaitUntilFannedOut(Server, published);
        PaperId = "matrix-1";
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }
}
