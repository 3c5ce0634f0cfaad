// A real gRPC server over plaintext HTTP/2 on a free local port, with in-memory fakes of
// the services: lets tests drive the CLI end to end before the real server exists.
using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recommender.Api.V1;

namespace Recommender.Cli.Tests;

internal sealed class FakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }
    public FakePapers Papers => _app.Services.GetRequiredService<FakePapers>();

    public static async Task<FakeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<FakePapers>();
        var app = builder.Build();
        app.MapGrpcService<FakePapers>();
        app.MapGrpcService<FakeFeeds>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed class FakePapers : Papers.PapersBase
{
    public ConcurrentDictionary<string, Paper> Stored { get; } = new();

    public override async Task Publish(IAsyncStreamReader<PublishRequest> requestStream, IServerStreamWriter<PublishResponse> responseStream, ServerCallContext context)
    {
        long sequence = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            var paper = request.Paper;
            var id = paper.Id.Length > 0 ? paper.Id : "t-" + paper.Title.ToLowerInvariant().GetHashCode().ToString("x");
            var response = new PublishResponse { PaperId = id, Sequence = sequence++ };
            response.Status = paper.Title.Length == 0 ? PublishStatus.Rejected
                : Stored.TryAdd(id, paper) ? PublishStatus.Accepted
                : PublishStatus.Duplicate;
            await responseStream.WriteAsync(response);
        }
    }
}

internal sealed class FakeFeeds : Feeds.FeedsBase
{
    public override Task<GetFeedResponse> GetFeed(GetFeedRequest request, ServerCallContext context) =>
        request.UserId == "alice"
            ? Task.FromResult(new GetFeedResponse { Total = 0, RankerVersion = "fake" })
            : throw new RpcException(new Status(StatusCode.NotFound, $"user '{request.UserId}' does not exist"));
}
