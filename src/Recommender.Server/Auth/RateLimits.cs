// Per-caller rate limits with ASP.NET Core's rate limiter: a token bucket per user, per trusted
// caller (publisher, service, admin) and per remote address for calls without a token. Health
// probes and the JWKS document are never limited. A refusal is RESOURCE_EXHAUSTED on gRPC and 429 on HTTP.
using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;

namespace Recommender.Server.Auth;

public sealed record RateLimitSettings
{
    /// <summary>Calls per second per user token (sub); a burst of twice that passes.</summary>
    public int User { get; init; } = 200;
    /// <summary>Calls per second per publisher, service or admin token (sub): generous, benchmarks run with these.</summary>
    public int Trusted { get; init; } = 50_000;
    /// <summary>Calls per second per remote address without a (valid) token: digest link pages, refused calls.</summary>
    public int Anonymous { get; init; } = 100;

    public static RateLimitSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Recommender:RateLimit");
        var defaults = new RateLimitSettings();
        return new RateLimitSettings
        {
            User = section.GetValue("User", defaults.User),
            Trusted = section.GetValue("Trusted", defaults.Trusted),
            Anonymous = section.GetValue("Anonymous", defaults.Anonymous),
        };
    }
}

public static class RateLimits
{
    public static void AddRecommenderRateLimits(this IServiceCollection services, RateLimitSettings limits)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var (name, rate) = Describe(rejected.HttpContext, limits);
                var message = $"rate limit: at most {rate} calls per second for {name}; slow down and retry";
                if (GrpcRefusal.IsGrpc(rejected.HttpContext.Request))
                {
                    await GrpcRefusal.WriteAsync(rejected.HttpContext.Response, StatusCode.ResourceExhausted, message);
                    return;
                }
                rejected.HttpContext.Response.Headers.RetryAfter = "1";
                await rejected.HttpContext.Response.WriteAsync(message, cancellationToken);
            };
        });
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitSettings limits)
    {
        var path = context.Request.Path;
        // Probes and the public keys: cheap, and a limited probe would take a healthy server out of rotation.
        if (path.StartsWithSegments("/grpc.health.v1.Health") || path == "/healthz" || path == "/readyz" || path == AuthHosting.JwksPath)
        {
            return RateLimitPartition.GetNoLimiter("probes");
        }
        var (key, rate) = Describe(context, limits);
        return rate <= 0 ? RateLimitPartition.GetNoLimiter("unlimited") : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 2 * rate,
            TokensPerPeriod = rate,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>The caller's partition and its rate: one bucket per token subject and class, or per address.</summary>
    private static (string Key, int Rate) Describe(HttpContext context, RateLimitSettings limits)
    {
        var caller = context.User;
        if (caller.Identity?.IsAuthenticated == true)
        {
            var subject = caller.FindFirst("sub")?.Value ?? "";
            var trusted = caller.IsInRole(Roles.Admin) || caller.IsInRole(Roles.Service) || caller.IsInRole(Roles.Publisher);
            return trusted ? ($"trusted caller '{subject}'", limits.Trusted) : ($"user '{subject}'", limits.User);
        }
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return (string.Create(CultureInfo.InvariantCulture, $"address {address}"), limits.Anonymous);
    }
}
