// Applies the access table (CallerAccess) to every gRPC call, REST-transcoded calls included,
// before any service code runs.
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Recommender.Server.Auth;

public sealed class CallerAccessInterceptor : Interceptor
{
    private static void Enforce(ServerCallContext context, object? request)
    {
        if (CallerAccess.Check(context.Method, context.GetHttpContext().User, request as IMessage) is { } refusal)
        {
            throw refusal;
        }
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Enforce(context, request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Enforce(context, request);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Enforce(context, null);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Enforce(context, null);
        return continuation(requestStream, responseStream, context);
    }
}
