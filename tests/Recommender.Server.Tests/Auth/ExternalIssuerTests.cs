// An external OpenID Connect issuer by configuration: the server reads the issuer's discovery document
// and keys (here a small issuer of the test's own on loopback) and checks issuer, audience and roles.
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Server.Tests.Auth;

public sealed class ExternalIssuerTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("recommender-issuer-").FullName;

    public void Dispose() => Directory.Delete(data, recursive: true);

    [Fact]
    public async Task Tokens_of_the_configured_issuer_and_audience_are_accepted_with_its_role_claim_and_others_are_not()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var port = FreePorts.Next();
        var issuer = $"http://127.0.0.1:{port}/";
        using var listener = new HttpListener();
        listener.Prefixes.Add(issuer);
        listener.Start();
        var serving = ServeIssuerAsync(listener, issuer, key);

        await using var server = new ServerProcess(new()
        {
            ["DataDirectory"] = data,
            ["Auth:Authority"] = issuer,
            ["Auth:Audience"] = "recommender-app",
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Auth:RoleClaim"] = "roles",
        });
        await server.StartAsync();
        string Token(string role, string audience = "recommender-app", string? from = null, string roleClaim = "roles") =>
            TestTokens.Mint(key, "ops", role, audience: audience, issuer: from ?? issuer, roleClaim: roleClaim);
        Topics.TopicsClient As(string token) => new(server.As(token));

        var created = await As(Token("admin")).CreateTopicAsync(new CreateTopicRequest { Topic = new Topic { Id = "issued", Keywords = { "graph" } } });
        var wrongAudience = await Assert.ThrowsAsync<RpcException>(() => As(Token("admin", audience: "someone-else")).ListTopicsAsync(new ListTopicsRequest()).ResponseAsync);
        var wrongIssuer = await Assert.ThrowsAsync<RpcException>(() => As(Token("admin", from: "recommender")).ListTopicsAsync(new ListTopicsRequest()).ResponseAsync);
        // The role must be in the configured claim: "role" is not read.
        var roleElsewhere = await Assert.ThrowsAsync<RpcException>(() =>
            As(Token("admin", roleClaim: "role")).CreateTopicAsync(new CreateTopicRequest { Topic = new Topic { Id = "not-issued", Keywords = { "graph" } } }).ResponseAsync);

        Assert.Equal("issued", created.Id);
        Assert.Equal(StatusCode.Unauthenticated, wrongAudience.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrongIssuer.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, roleElsewhere.StatusCode);
        Assert.False(File.Exists(Path.Combine(data, "dev-signing-key.pem")));
        listener.Stop();
        await serving;
    }

    /// <summary>The two documents a JWT bearer handler reads: discovery (issuer, jwks_uri) and the key set.</summary>
    private static async Task ServeIssuerAsync(HttpListener listener, string issuer, ECDsa key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(key));
        var kid = Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
        var discovery = $$"""{"issuer":"{{issuer}}","jwks_uri":"{{issuer}}keys"}""";
        var keys = $$"""{"keys":[{"kty":"EC","crv":"P-256","x":"{{jwk.X}}","y":"{{jwk.Y}}","kid":"{{kid}}","use":"sig","alg":"ES256"}]}""";
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var path = context.Request.Url!.AbsolutePath;
            var body = path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal) ? discovery : path.EndsWith("/keys", StringComparison.Ordinal) ? keys : null;
            try
            {
                context.Response.StatusCode = body is null ? 404 : 200;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body ?? "{}"));
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException && !listener.IsListening)
            {
                // The test stopped the listener while the server was still fetching (a full run saw it): serving is over.
                return;
            }
        }
    }
}
