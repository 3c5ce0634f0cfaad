// Default log levels: the service's own categories speak, the frameworks only warn.
using Microsoft.Extensions.Configuration.Memory;

namespace Recommender.Server.Telemetry;

public static class LoggingDefaults
{
    /// <summary>
    /// Framework categories at Warning keeps request handling silent (ASP.NET Core's "Request starting",
    /// gRPC's per-call lines and Polly's lines for Orleans' placement retries are Information). Default is
    /// Warning too, so a library added later cannot start logging per request; Recommender.* speaks.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Levels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Grpc"] = "Warning",
        ["Logging:LogLevel:Recommender"] = "Information",
    };

    /// <summary>Adds <see cref="Levels"/> beneath every other configuration source, so appsettings,
    /// environment (Logging__LogLevel__Orleans=Information) and the command line still override them.</summary>
    public static void AddRecommenderLoggingDefaults(this WebApplicationBuilder builder)
    {
        IConfigurationBuilder configuration = builder.Configuration;
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Levels });
    }

    /// <summary>
    /// Rate-limits repeated warnings and errors in every log provider registered so far (console, ...): 3 per minute per
    /// category, event and message template, the first with its stack trace, then a count of those left out.
    /// Call after the last provider is added.
    /// </summary>
    public static void AddRecommenderLogThrottling(this WebApplicationBuilder builder) =>
        ThrottledLoggerProvider.WrapAll(builder.Services, new LogThrottle(TimeProvider.System));
}
