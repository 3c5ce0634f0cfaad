// The generator's gRPC channel to the service. Every call carries the service token (role
// "service": any user's feed and the digest ledger) as a bearer header.
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Recommender.Api.V1;

namespace Recommender.Digests;

internal sealed class ServiceConnection : IDisposable
{
    private readonly GrpcChannel channel;

    public ServiceConnection(Uri server, string serviceToken)
    {
        channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, KeepAlivePingDelay = TimeSpan.FromSeconds(30) },
        });
        var invoker = serviceToken.Length == 0
            ? channel.CreateCallInvoker()
            : channel.Intercept(metadata =>
            {
                metadata.Add("authorization", "Bearer " + serviceToken);
                return metadata;
            });
        Digests = new Api.V1.Digests.DigestsClient(invoker);
        Feeds = new Feeds.FeedsClient(invoker);
    }

    public Api.V1.Digests.DigestsClient Digests { get; }
    public Feeds.FeedsClient Feeds { get; }

    public void Dispose() => channel.Dispose();
}
