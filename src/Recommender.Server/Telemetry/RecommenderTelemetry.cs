// OpenTelemetry metrics: the service's own meter, Orleans', ASP.NET Core's and the runtime's, scraped at /metrics.
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Recommender.Grains.Telemetry;
using Recommender.Server.Hosting;

namespace Recommender.Server.Telemetry;

public static class RecommenderTelemetry
{
    /// <summary>Orleans' meter (grain activations, messaging, storage latency, ...).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddRecommenderTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddRecommenderLoggingDefaults();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "recommender", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RecommenderMetrics.MeterName, OrleansMeter)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                // Push to a collector only when one is named, by the standard OTEL_EXPORTER_OTLP_* settings
                // (the exporter reads endpoint, protocol and headers itself); scraping /metrics needs nothing.
                if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
                {
                    metrics.AddOtlpExporter();
                }
            });
    }

    /// <summary>Prometheus text format at /metrics on the HTTP/1.1 port only, for service and admin tokens (the port also serves public link pages).</summary>
    public static void MapRecommenderTelemetry(this WebApplication app)
    {
        var httpPort = app.Services.GetRequiredService<ServerSettings>().HttpPort;
        app.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{httpPort}").RequireAuthorization(Auth.AuthHosting.OperatorPolicy);
    }
}
