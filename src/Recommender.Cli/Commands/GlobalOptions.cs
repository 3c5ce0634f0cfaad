// Options every command accepts, and the gRPC channel they point at (with a bearer token when one is found).
using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;
using Recommender.Cli.Auth;

namespace Recommender.Cli.Commands;

public sealed class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public Option<Uri> Server { get; } = new("--server")
    {
        Description = "Server address; http:// speaks gRPC over plaintext HTTP/2 (h2c).",
        Recursive = true,
        DefaultValueFactory = _ => new Uri(DefaultServer),
        CustomParser = result => Validation.ParseServer(result),
    };

    public Option<string> Token { get; } = new("--token")
    {
        Description = "Bearer token sent on every call; or RECOMMENDER_TOKEN. Without one, a token is minted from --key or the server's development key.",
        Recursive = true,
    };

    public Option<string> Key { get; } = new("--key")
    {
        Description = "PEM file of the ECDSA key that signs tokens (or RECOMMENDER_KEY_FILE); default: the development key in RECOMMENDER_DATA_DIR, ./data or ./src/Recommender.Server/data.",
        Recursive = true,
    };

    /// <summary>The token for this run: the one given, or one minted for <paramref name="role"/>; null if neither a token nor a key was found.</summary>
    public string? BearerToken(ParseResult parse, string role = "admin") =>
        CallerToken.Resolve(parse.GetValue(Token), parse.GetValue(Key), role, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());

    /// <summary>One channel per command run; h2c needs nothing beyond an http:// address on .NET 5+.</summary>
    public GrpcChannel OpenChannel(ParseResult parse, string role = "admin")
    {
        var token = BearerToken(parse, role);
        var options = new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            },
        };
        if (token is not null)
        {
            var bearer = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", "Bearer " + token);
                return Task.CompletedTask;
            });
            // Plain http:// on loopback is the embedded default; the token goes along all the same.
            options.Credentials = ChannelCredentials.Create(
                parse.GetValue(Server)!.Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, bearer);
            options.UnsafeUseInsecureChannelCallCredentials = true;
        }
        return GrpcChannel.ForAddress(parse.GetValue(Server)!, options);
    }
}
