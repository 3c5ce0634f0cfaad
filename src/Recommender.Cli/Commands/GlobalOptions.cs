// Options every command accepts, and the gRPC channel they point at.
using System.CommandLine;
using Grpc.Net.Client;

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

    /// <summary>One channel per command run; h2c needs nothing beyond an http:// address on .NET 5+.</summary>
    public GrpcChannel OpenChannel(ParseResult parse) =>
        GrpcChannel.ForAddress(parse.GetValue(Server)!, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            },
        });
}
