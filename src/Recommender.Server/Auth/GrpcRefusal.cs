// Refusals written before a request reaches gRPC (authentication challenge, rate limiter): a gRPC
// caller gets a proper gRPC status with a message, anyone else a plain HTTP status.
using Grpc.Core;

namespace Recommender.Server.Auth;

public static class GrpcRefusal
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A "trailers-only" gRPC response: HTTP 200 whose headers carry grpc-status and grpc-message, and no body.</summary>
    public static Task WriteAsync(HttpResponse response, StatusCode status, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The protocol percent-encodes grpc-message.
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return response.CompleteAsync();
    }
}
