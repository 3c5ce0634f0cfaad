using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Recommender.Abstractions;
using Recommender.Server.Api;

namespace Recommender.Server.Tests.Api;

public sealed class ErrorMappingInterceptorTests
{
    private static Task<RpcException> Call(Exception thrown)
    {
        var interceptor = new ErrorMappingInterceptor(NullLogger<ErrorMappingInterceptor>.Instance);
        return Assert.ThrowsAsync<RpcException>(() =>
            interceptor.UnaryServerHandler<string, string>("request", null!, (_, _) => throw thrown));
    }

    [Fact]
    public async Task An_unknown_entity_becomes_not_found_naming_the_field()
    {
        var error = await Call(new UnknownEntityException("topic_id", "physics"));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("topic_id: 'physics' does not exist", error.Status.Detail);
    }

    [Fact]
    public async Task A_storage_or_cluster_failure_becomes_unavailable()
    {
        var error = await Call(new OrleansException("storage is down"));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task A_validation_error_passes_through_unchanged()
    {
        var error = await Call(RequestValidation.Invalid("page_size", "too big"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }
}
