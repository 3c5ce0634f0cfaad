// Limits on the real server: configured signing keys, per-caller rate limits (gRPC and HTTP), the
// 256 KB message limit, caps on follows, hidden papers and topics, and the refusal to expose the
// development key. One server with tiny limits, so each one trips after a few calls.
using System.Net;
using System.Security.Cryptography;
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Server.Tests.Auth;

public sealed class LimitedServerFixture : IAsyncLifetime
{
    private readonly string data = Directory.CreateTempSubdirectory("recommender-limits-").FullName;

    public ServerProcess Server { get; private set; } = null!;

    /// <summary>The server knows only the public half (as a production server should).</summary>
    public string PublicKeyFile => Path.Combine(data, "keys", "public.pem");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(data, "keys"));
        var privateKey = TestTokens.NewKeyFile(Path.Combine(data, "keys", "private.pem"));
        using (var key = ECDsa.Create())
        {
            key.ImportFromPem(await File.ReadAllTextAsync(privateKey));
            await File.WriteAllTextAsync(PublicKeyFile, key.ExportSubjectPublicKeyInfoPem());
        }
        Server = new ServerProcess(new()
        {
            ["DataDirectory"] = Path.Combine(data, "server"),
            ["Auth:KeyFiles"] = PublicKeyFile,
            ["RateLimit:User"] = "1",
            ["RateLimit:Anonymous"] = "1",
            ["MaxFollows"] = "2",
            ["MaxHiddenPapers"] = "1",
            ["MaxTopics"] = "3",
        })
        { SigningKeyFile = privateKey };
        await Server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }
}

public sealed class LimitsTests(LimitedServerFixture fixture) : IClassFixture<LimitedServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_configured_public_key_is_trusted_published_as_jwks_and_no_development_key_is_made()
    {
        var topics = await new Topics.TopicsClient(Server.Channel).ListTopicsAsync(new ListTopicsRequest());
        var foreign = TestTokens.NewKeyFile(Path.Combine(Path.GetTempPath(), $"recommender-foreign-{Guid.NewGuid():N}.pem"));
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new Topics.TopicsClient(Server.As(TestTokens.Mint(foreign, "intruder", "admin"))).ListTopicsAsync(new ListTopicsRequest()).ResponseAsync);
        File.Delete(foreign);
        using var http = new HttpClient();
        var jwks = await http.GetStringAsync($"http://127.0.0.1:{Server.HttpPort}/.well-known/jwks.json");

        Assert.NotNull(topics);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("signature", refused.Status.Detail);
        Assert.Single(System.Text.Json.JsonDocument.Parse(jwks).RootElement.GetProperty("keys").EnumerateArray());
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(fixture.PublicKeyFile)!, "..", "server", "dev-signing-key.pem")));
    }

    [Fact]
    public async Task A_user_over_its_rate_limit_gets_RESOURCE_EXHAUSTED_while_another_user_is_still_served()
    {
        var flooding = new Topics.TopicsClient(Server.As(Server.Token("flooder", "user")));
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await flooding.ListTopicsAsync(new ListTopicsRequest());
                return (StatusCode.OK, "");
            }
            catch (RpcException e)
            {
                return (e.StatusCode, e.Status.Detail);
            }
        }));
        var calm = await new Topics.TopicsClient(Server.As(Server.Token("calm", "user"))).ListTopicsAsync(new ListTopicsRequest());

        Assert.Contains(answers, a => a.Item1 == StatusCode.OK);
        Assert.Contains(answers, a => a.Item1 == StatusCode.ResourceExhausted && a.Item2.Contains("rate limit"));
        Assert.All(answers, a => Assert.True(a.Item1 is StatusCode.OK or StatusCode.ResourceExhausted, a.ToString()));
        Assert.NotNull(calm);
    }

    [Fact]
    public async Task An_anonymous_caller_over_its_rate_limit_gets_429_on_http_and_health_probes_are_never_limited()
    {
        // From an address of its own (all of 127/8 is loopback), so the other tests' anonymous calls keep their budget.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        });
        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{Server.HttpPort}/feedback/not-a-link");
            return response.StatusCode;
        }));
        var probes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{Server.HttpPort}/healthz");
            return response.StatusCode;
        }));

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        Assert.All(probes, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task A_message_over_256_KB_is_RESOURCE_EXHAUSTED_in_a_call_and_in_a_publish_stream()
    {
        var users = new Users.UsersClient(Server.Channel);
        var oversize = await Assert.ThrowsAsync<RpcException>(() =>
            users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "big", DisplayName = new string('x', 300 * 1024) } }).ResponseAsync);
        // Under the limit, the field's own rule answers.
        var underLimit = await Assert.ThrowsAsync<RpcException>(() =>
            users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "big", DisplayName = new string('x', 200 * 1024) } }).ResponseAsync);

        using var call = new Papers.PapersClient(Server.Channel).Publish();
        var streamed = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.WriteAsync(new PublishRequest { Paper = new Paper { Title = "Too long", Abstract = new string('a', 300 * 1024) } });
            await call.RequestStream.CompleteAsync();
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });

        Assert.Equal(StatusCode.ResourceExhausted, oversize.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, underLimit.StatusCode);
        Assert.StartsWith("user.display_name:", underLimit.Status.Detail);
        Assert.Equal(StatusCode.ResourceExhausted, streamed.StatusCode);
    }

    [Fact]
    public async Task Caps_on_topics_follows_hidden_papers_and_seed_papers_are_answered_naming_the_field()
    {
        var topics = new Topics.TopicsClient(Server.Channel);
        for (var i = 0; i < 3; i++)
        {
            await topics.CreateTopicAsync(new CreateTopicRequest { Topic = new Topic { Id = $"capped-{i}", Keywords = { $"word{i}", "graph" } } });
        }
        // Redefining an existing topic is no new topic.
        await topics.CreateTopicAsync(new CreateTopicRequest { Topic = new Topic { Id = "capped-0", Keywords = { "graph" } } });
        var fourthTopic = await Refused(() => topics.CreateTopicAsync(new CreateTopicRequest { Topic = new Topic { Id = "capped-3", Keywords = { "graph" } } }).ResponseAsync);

        var users = new Users.UsersClient(Server.Channel);
        await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "capped-user" } });
        await users.FollowTopicAsync(new FollowTopicRequest { UserId = "capped-user", TopicId = "capped-0" });
        await users.FollowTopicAsync(new FollowTopicRequest { UserId = "capped-user", TopicId = "capped-1" });
        var thirdFollow = await Refused(() => users.FollowTopicAsync(new FollowTopicRequest { UserId = "capped-user", TopicId = "capped-2" }).ResponseAsync);

        await EndToEndScenarios.PublishAll(Server,
        [
            new Paper { Id = "capped-paper-1", Title = "A graph paper", Abstract = "On graphs." },
            new Paper { Id = "capped-paper-2", Title = "Another graph paper", Abstract = "More on graphs." },
        ]);
        await users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = "capped-user", PaperId = "capped-paper-1", Kind = FeedbackKind.Hide });
        var secondHide = await Refused(() => users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = "capped-user", PaperId = "capped-paper-2", Kind = FeedbackKind.Hide }).ResponseAsync);
        // Positive feedback is not capped.
        await users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = "capped-user", PaperId = "capped-paper-2", Kind = FeedbackKind.Save });

        // More topics than a user may follow, at creation: refused before anything is written.
        var creation = new CreateUserRequest { User = new User { Id = "capped-at-creation" }, TopicIds = { "capped-0", "capped-1", "capped-2" } };
        var tooManyAtCreation = await Refused(() => users.CreateUserAsync(creation).ResponseAsync);
        var neverMade = await Assert.ThrowsAsync<RpcException>(() => users.GetUserAsync(new GetUserRequest { Id = "capped-at-creation" }).ResponseAsync);

        var seeds = new User { Id = "seeded-user" };
        seeds.SeedPaperIds.AddRange(Enumerable.Range(0, 65).Select(i => $"seed-{i}"));
        var tooManySeeds = await Refused(() => users.UpsertUserAsync(new UpsertUserRequest { User = seeds }).ResponseAsync);

        Assert.Equal((StatusCode.FailedPrecondition, "topic.id:"), fourthTopic);
        Assert.Equal((StatusCode.FailedPrecondition, "topic_id:"), thirdFollow);
        Assert.Equal((StatusCode.FailedPrecondition, "paper_id:"), secondHide);
        Assert.Equal((StatusCode.FailedPrecondition, "topic_ids:"), tooManyAtCreation);
        Assert.Equal(StatusCode.NotFound, neverMade.StatusCode);
        Assert.Equal((StatusCode.InvalidArgument, "user.seed_paper_ids:"), tooManySeeds);
        var user = await users.GetUserAsync(new GetUserRequest { Id = "capped-user" });
        Assert.Equal(["capped-0", "capped-1"], user.FollowedTopics);
    }

    [Fact]
    public async Task A_server_listening_beyond_loopback_with_only_the_development_key_refuses_to_start()
    {
        var data = Directory.CreateTempSubdirectory("recommender-exposed-").FullName;
        try
        {
            await using var server = new ServerProcess(new() { ["DataDirectory"] = data, ["ListenAddress"] = "0.0.0.0" });

            var failure = await Assert.ThrowsAsync<InvalidOperationException>(server.StartAsync);

            Assert.Contains("Refusing to listen on 0.0.0.0 with only the development signing key", failure.Message);
            Assert.Contains("Recommender:Auth:KeyFiles", failure.Message);

            // An open Orleans gateway beyond loopback is refused too, whatever the keys.
            await using var gateway = new ServerProcess(new()
            {
                ["DataDirectory"] = data, ["ListenAddress"] = "0.0.0.0", ["GatewayPort"] = "30123", ["Auth:KeyFiles"] = fixture.PublicKeyFile,
            });
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(gateway.StartAsync);
            Assert.Contains("Refusing to open the Orleans gateway", refused.Message);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>The status and the field the message starts with.</summary>
    private static async Task<(StatusCode, string)> Refused(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        return (e.StatusCode, e.Status.Detail[..(e.Status.Detail.IndexOf(':') + 1)]);
    }
}
