// Turns domain exceptions thrown by grains into gRPC statuses that name the field.
using Grpc.Core;
using Grpc.Core.Interceptors;
using Recommender.Abstractions;

namespace Recommender.Server.Api;

public sealed class ErrorMappingInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (UnknownEntityException e)
        {
            throw RequestValidation.NotFound(e.Field, e.EntityId);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (UnknownEntityException e)
        {
            throw RequestValidation.NotFound(e.Field, e.EntityId);
        }
    }
}
