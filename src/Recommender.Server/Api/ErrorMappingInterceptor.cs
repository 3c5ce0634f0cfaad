// Turns exceptions thrown by grains into gRPC statuses: unknown entities into NOT_FOUND naming the
// field, caps and vectors of another encoder into FAILED_PRECONDITION naming the field, storage and cluster failures into UNAVAILABLE
// (safe to retry).
using Grpc.Core;
using Grpc.Core.Interceptors;
using Orleans.Runtime;
using Recommender.Abstractions;

namespace Recommender.Server.Api;

public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    private RpcException? Map(Exception exception)
    {
        switch (exception)
        {
            case UnknownEntityException unknown:
                return RequestValidation.NotFound(unknown.Field, unknown.EntityId);
            case CapExceededException cap:
                return new RpcException(new Status(StatusCode.FailedPrecondition, cap.Message));
            case EncoderMismatchException mismatch:
                return new RpcException(new Status(StatusCode.FailedPrecondition, mismatch.Message));
            case OrleansException or TimeoutException or System.Data.Common.DbException:
                logger.LogError(exception, "A request failed on storage or the cluster");
                return new RpcException(new Status(StatusCode.Unavailable,
                    "the service could not reach its storage or cluster; the request was not acknowledged and retrying it is safe"));
            default:
                return null;
        }
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (Map(e) is { } status)
        {
            throw status;
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
        catch (Exception e) when (Map(e) is { } status)
        {
            throw status;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Map(e) is { } status)
        {
            throw status;
        }
    }
}
