// Every RPC and every HTTP route of the real server × {no token, expired, wrong signature, other
// user, wrong role, right role} → the right status; no refused call reads or changes anything.
using System.Net;
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;
using Xunit.Abstractions;
using static Recommender.Server.Tests.Auth.AuthServerFixture;

namespace Recommender.Server.Tests.Auth;

public sealed class AuthorizationMatrixTests(AuthServerFixture fixture, ITestOutputHelper output) : IClassFixture<AuthServerFixture>
{
    private ServerProcess Server => fixture.Server;

    /// <summary>One RPC: a well-formed call aimed at the victim's data, the role that may not make it and the one that may.</summary>
    private sealed record Case(string Method, Func<CallInvoker, Task> Call, string WrongRole, string RightRole, bool OpenToAnyUser = false, StatusCode RightStatus = StatusCode.OK);

    private IEnumerable<Case> Cases()
    {
        var paper = fixture.PaperId;
        return
        [
            new("Papers/Publish", async invoker =>
            {
                using var call = new Papers.PapersClient(invoker).Publish();
                try
                {
                    await call.RequestStream.WriteAsync(new PublishRequest { Paper = new Paper { Title = "Sneaked in " + Guid.NewGuid(), Abstract = "Should be refused." } });
                    await call.RequestStream.CompleteAsync();
                }
                catch (RpcException)
                {
                    // A refused call ends before its request is read, so the write can fail with
                    // CANCELLED (a flake in full runs); the refusal is the status the response ends with.
                }
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }, "user", "publisher"),
            new("Papers/GetPaper", i => new Papers.PapersClient(i).GetPaperAsync(new GetPaperRequest { Id = paper }).ResponseAsync, "", "user", OpenToAnyUser: true),
            new("Papers/GetFanOutStatus", i => new Papers.PapersClient(i).GetFanOutStatusAsync(new GetFanOutStatusRequest { PaperIds = { paper } }).ResponseAsync, "", "publisher", OpenToAnyUser: true),
            new("Papers/ListPaperVectors", i => new Papers.PapersClient(i).ListPaperVectorsAsync(new ListPaperVectorsRequest()).ResponseAsync, "publisher", "service"),
            new("Catalogue/ReencodePapers", i => new Catalogue.CatalogueClient(i).ReencodePapersAsync(new ReencodePapersRequest { Encoder = "no-such-encoder" }).ResponseAsync, "service", "admin", RightStatus: StatusCode.FailedPrecondition),
            new("Catalogue/ReencodeUsers", i => new Catalogue.CatalogueClient(i).ReencodeUsersAsync(new ReencodeUsersRequest { Encoder = "no-such-encoder" }).ResponseAsync, "service", "admin", RightStatus: StatusCode.FailedPrecondition),
            new("Topics/CreateTopic", i => new Topics.TopicsClient(i).CreateTopicAsync(new CreateTopicRequest { Topic = new Topic { Id = "matrix-denied", Keywords = { "x" } } }).ResponseAsync, "service", "admin"),
            new("Topics/ListTopics", i => new Topics.TopicsClient(i).ListTopicsAsync(new ListTopicsRequest()).ResponseAsync, "", "user", OpenToAnyUser: true),
            new("Topics/GetTopic", i => new Topics.TopicsClient(i).GetTopicAsync(new GetTopicRequest { Id = TopicId }).ResponseAsync, "", "publisher", OpenToAnyUser: true),
            new("Users/UpsertUser", i => new Users.UsersClient(i).UpsertUserAsync(new UpsertUserRequest { User = new User { Id = Victim, Email = "attacker@example.org" } }).ResponseAsync, "service", "user"),
            new("Users/CreateUser", i => new Users.UsersClient(i).CreateUserAsync(new CreateUserRequest { User = new User { Id = Victim, Email = "victim@example.org", Keywords = { "sneaked" } } }).ResponseAsync, "service", "user"),
            new("Users/GetUser", i => new Users.UsersClient(i).GetUserAsync(new GetUserRequest { Id = Victim }).ResponseAsync, "service", "user"),
            new("Users/FollowTopic", i => new Users.UsersClient(i).FollowTopicAsync(new FollowTopicRequest { UserId = Victim, TopicId = TopicId }).ResponseAsync, "publisher", "user"),
            new("Users/UnfollowTopic", i => new Users.UsersClient(i).UnfollowTopicAsync(new UnfollowTopicRequest { UserId = Victim, TopicId = TopicId }).ResponseAsync, "service", "user"),
            new("Users/RecordFeedback", i => new Users.UsersClient(i).RecordFeedbackAsync(new RecordFeedbackRequest { UserId = Victim, PaperId = paper, Kind = FeedbackKind.Hide }).ResponseAsync, "service", "user"),
            new("Feeds/GetFeed", i => new Feeds.FeedsClient(i).GetFeedAsync(new GetFeedRequest { UserId = Victim }).ResponseAsync, "publisher", "service"),
            new("Feeds/RecordImpressions", i => new Feeds.FeedsClient(i).RecordImpressionsAsync(new RecordImpressionsRequest
            {
                UserId = Victim, ImpressionId = "matrix", Impressions = { new Impression { PaperId = paper, Position = 1 } },
            }).ResponseAsync, "publisher", "user"),
            new("Events/ExportEvents", i => new Recommender.Api.V1.Events.EventsClient(i).ExportEventsAsync(new ExportEventsRequest()).ResponseAsync, "user", "service"),
            new("Models/PromoteModel", i => new Recommender.Api.V1.Models.ModelsClient(i).PromoteModelAsync(new PromoteModelRequest { Model = Google.Protobuf.ByteString.CopyFromUtf8("not a model") }).ResponseAsync, "service", "admin", RightStatus: StatusCode.InvalidArgument),
            new("Models/ListModels", i => new Recommender.Api.V1.Models.ModelsClient(i).ListModelsAsync(new ListModelsRequest()).ResponseAsync, "user", "admin"),
            new("Digests/ClaimDigests", i => new Recommender.Api.V1.Digests.DigestsClient(i).ClaimDigestsAsync(new ClaimDigestsRequest { GeneratorId = "matrix", MaxClaims = 1, IgnoreSendHour = true }).ResponseAsync, "user", "service"),
            new("Digests/PrepareDigest", i => new Recommender.Api.V1.Digests.DigestsClient(i).PrepareDigestAsync(new PrepareDigestRequest { UserId = Victim, Period = "2026-11-26", LeaseToken = "00000000000000000000000000000000" }).ResponseAsync, "user", "service", RightStatus: StatusCode.FailedPrecondition),
            new("Digests/CompleteDigest", i => new Recommender.Api.V1.Digests.DigestsClient(i).CompleteDigestAsync(new CompleteDigestRequest { UserId = Victim, Period = "2026-11-26", LeaseToken = "00000000000000000000000000000000", Outcome = DigestOutcome.Rejected }).ResponseAsync, "user", "service", RightStatus: StatusCode.NotFound),
            new("Digests/ReleaseDigest", i => new Recommender.Api.V1.Digests.DigestsClient(i).ReleaseDigestAsync(new ReleaseDigestRequest { UserId = Victim, Period = "2026-11-26", LeaseToken = "00000000000000000000000000000000" }).ResponseAsync, "publisher", "service", RightStatus: StatusCode.FailedPrecondition),
            new("Digests/PreviewDigest", i => new Recommender.Api.V1.Digests.DigestsClient(i).PreviewDigestAsync(new PreviewDigestRequest { UserId = Victim }).ResponseAsync, "publisher", "service"),
            new("grpc.reflection.v1alpha.ServerReflection", async i =>
            {
                using var call = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(i).ServerReflectionInfo();
                await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
                await call.RequestStream.CompleteAsync();
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }, "", "user", OpenToAnyUser: true),
        ];
    }

    [Fact]
    public async Task Every_rpc_refuses_missing_expired_foreign_and_wrongly_signed_tokens_and_a_refused_call_changes_nothing()
    {
        var otherKey = TestTokens.NewKeyFile(Path.Combine(Path.GetTempPath(), $"recommender-foreign-{Guid.NewGuid():N}.pem"));
        var tokens = new Dictionary<string, string?>
        {
            ["no token"] = null,
            // Even an admin's token is refused when it has expired or is not signed by the server's key.
            ["expired"] = TestTokens.Mint(Server.KeyFile, "e2e-admin", "admin", TimeSpan.FromMinutes(5), DateTime.UtcNow.AddHours(-2)),
            ["wrong signature"] = TestTokens.Mint(otherKey, "e2e-admin", "admin"),
            ["garbage"] = "not.a.jwt",
        };
        File.Delete(otherKey);
        var before = await Snapshot();
        var failures = new List<string>();

        foreach (var rpc in Cases())
        {
            foreach (var (kind, token) in tokens)
            {
                Expect(failures, rpc.Method, kind, await StatusOf(rpc.Call, token), StatusCode.Unauthenticated);
            }
            // Another user's token aimed at the victim's id: refused unless the RPC is open to every caller.
            var other = await StatusOf(rpc.Call, Server.Token(Other, "user"));
            if (rpc.OpenToAnyUser)
            {
                Expect(failures, rpc.Method, "other user", other, StatusCode.OK);
            }
            else
            {
                Expect(failures, rpc.Method, "other user", other, StatusCode.PermissionDenied);
            }
            if (rpc.WrongRole.Length > 0)
            {
                Expect(failures, rpc.Method, $"wrong role {rpc.WrongRole}", await StatusOf(rpc.Call, Server.Token("e2e-" + rpc.WrongRole, rpc.WrongRole)), StatusCode.PermissionDenied);
            }
        }

        // Nothing a refused call aimed at the victim (or the catalogue) changed or created anything.
        Assert.Equal(before, await Snapshot());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_rpc_answers_the_right_role_and_a_user_acting_on_its_own_id_or_me()
    {
        var failures = new List<string>();
        foreach (var rpc in Cases())
        {
            // The user role acts on its own id: the victim's own token.
            var subject = rpc.RightRole == "user" ? Victim : "e2e-" + rpc.RightRole;
            var status = await StatusOf(rpc.Call, Server.Token(subject, rpc.RightRole));
            // Digest lease calls with a made-up lease get past authorization and fail on the lease.
            Expect(failures, rpc.Method, $"right role {rpc.RightRole}", status, rpc.RightStatus);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        var mine = new Users.UsersClient(Server.As(Server.Token(Other, "user")));
        var me = await mine.GetUserAsync(new GetUserRequest { Id = "me" });
        Assert.Equal(Other, me.Id);
        Assert.Equal("mallory@example.org", me.Email);
        var feed = await new Feeds.FeedsClient(Server.As(Server.Token(Victim, "user"))).GetFeedAsync(new GetFeedRequest { UserId = "me" });
        Assert.NotNull(feed);
    }

    [Fact]
    public async Task The_http_routes_answer_401_without_a_good_token_403_for_a_wrong_role_and_stay_open_where_they_must()
    {
        var otherKey = TestTokens.NewKeyFile(Path.Combine(Path.GetTempPath(), $"recommender-foreign-{Guid.NewGuid():N}.pem"));
        var expired = TestTokens.Mint(Server.KeyFile, "e2e-admin", "admin", TimeSpan.FromMinutes(5), DateTime.UtcNow.AddHours(-2));
        var foreign = TestTokens.Mint(otherKey, "e2e-admin", "admin");
        File.Delete(otherKey);
        string Role(string role) => Server.Token("e2e-" + role, role);
        var routes = new (string Path, string Kind, string? Token, HttpStatusCode Expected)[]
        {
            ("/metrics", "no token", null, HttpStatusCode.Unauthorized),
            ("/metrics", "expired", expired, HttpStatusCode.Unauthorized),
            ("/metrics", "wrong signature", foreign, HttpStatusCode.Unauthorized),
            ("/metrics", "user", Role("user"), HttpStatusCode.Forbidden),
            ("/metrics", "publisher", Role("publisher"), HttpStatusCode.Forbidden),
            ("/metrics", "service", Role("service"), HttpStatusCode.OK),
            ("/dashboard/", "no token", null, HttpStatusCode.Unauthorized),
            ("/dashboard/", "expired", expired, HttpStatusCode.Unauthorized),
            ("/dashboard/", "wrong signature", foreign, HttpStatusCode.Unauthorized),
            ("/dashboard/", "user", Role("user"), HttpStatusCode.Forbidden),
            ("/dashboard/", "service", Role("service"), HttpStatusCode.Forbidden),
            ("/dashboard/", "admin", Role("admin"), HttpStatusCode.OK),
            // Open: probes, the public keys, and digest link pages (a bad link is 400, not 401).
            ("/healthz", "no token", null, HttpStatusCode.OK),
            ("/readyz", "expired", expired, HttpStatusCode.OK),
            ("/.well-known/jwks.json", "no token", null, HttpStatusCode.OK),
            ("/unsubscribe/not-a-link", "no token", null, HttpStatusCode.BadRequest),
            ("/feedback/not-a-link", "no token", null, HttpStatusCode.BadRequest),
            // A route nobody mapped is not revealed without a token.
            ("/no-such-route", "no token", null, HttpStatusCode.Unauthorized),
        };
        using var http = new HttpClient();
        var failures = new List<string>();
        foreach (var (path, kind, token, expected) in routes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Server.HttpPort}{path}");
            if (token is not null)
            {
                request.Headers.Authorization = new("Bearer", token);
            }
            using var response = await http.SendAsync(request);
            output.WriteLine($"GET {path} ({kind}): {(int)response.StatusCode}");
            if (response.StatusCode != expected)
            {
                failures.Add($"GET {path} ({kind}): {(int)response.StatusCode}, expected {(int)expected}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        var jwks = await http.GetStringAsync($"http://127.0.0.1:{Server.HttpPort}/.well-known/jwks.json");
        Assert.Contains("\"kty\":\"EC\"", jwks);
        Assert.DoesNotContain("\"d\"", jwks);
    }

    [Fact]
    public async Task A_stock_grpc_js_client_from_the_protos_alone_is_refused_without_a_token_and_served_with_one()
    {
        var address = $"127.0.0.1:{Server.GrpcPort}";

        var anonymous = await NodeClients.RunAsync("grpc-bearer.mjs", address, "", Victim);
        var victim = await NodeClients.RunAsync("grpc-bearer.mjs", address, Server.Token(Victim, "user"), Victim);
        var other = await NodeClients.RunAsync("grpc-bearer.mjs", address, Server.Token(Other, "user"), Victim);

        Assert.Equal("ERROR UNAUTHENTICATED\nERROR UNAUTHENTICATED", anonymous.ReplaceLineEndings("\n"));
        Assert.Matches(@"^OK [1-9]\d*\nOK \d+$", victim.ReplaceLineEndings("\n"));
        Assert.Matches(@"^OK [1-9]\d*\nERROR PERMISSION_DENIED$", other.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_server_listens_on_its_grpc_http_and_silo_ports_only_and_no_orleans_gateway()
    {
        var ports = await Server.ListeningPortsAsync();

        Assert.Equal(new SortedSet<int> { Server.GrpcPort, Server.HttpPort, Server.SiloPort }, ports);
    }

    private async Task<string> Snapshot()
    {
        var users = new Users.UsersClient(Server.Channel);
        var victim = await users.GetUserAsync(new GetUserRequest { Id = Victim });
        var feed = await new Feeds.FeedsClient(Server.Channel).GetFeedAsync(new GetFeedRequest { UserId = Victim, PageSize = 100 });
        // The victim's seen set and the event log: a refused RecordImpressions marks and logs nothing.
        var unseen = await new Feeds.FeedsClient(Server.Channel).GetFeedAsync(new GetFeedRequest { UserId = Victim, PageSize = 100, UnseenOnly = true });
        var events = await new Recommender.Api.V1.Events.EventsClient(Server.Channel).ExportEventsAsync(new ExportEventsRequest { PageSize = 10_000 });
        var topics = await new Topics.TopicsClient(Server.Channel).ListTopicsAsync(new ListTopicsRequest());
        var topic = await new Topics.TopicsClient(Server.Channel).GetTopicAsync(new GetTopicRequest { Id = TopicId });
        return $"{victim}|{string.Join(",", feed.Items.Select(i => i.Paper.Id))}|unseen {unseen.Total}|events {events.Lines.Count}|{string.Join(",", topics.Topics.Select(t => t.Id))}|papers {topic.Topic.PaperCount}";
    }

    private async Task<StatusCode> StatusOf(Func<CallInvoker, Task> call, string? token)
    {
        try
        {
            await call(Server.As(token));
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private void Expect(List<string> failures, string method, string kind, StatusCode actual, StatusCode expected)
    {
        output.WriteLine($"{method} ({kind}): {actual}");
        if (actual != expected)
        {
            failures.Add($"{method} ({kind}): {actual}, expected {expected}");
        }
    }
}
