// OpenTelemetry metrics: the service's own meter, Orleans', ASP.NET Core's and the runtime's, scraped at /metrics.
using System.Diagnostics.Metrics;
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
                    .AddCardinalityLimits()
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

    /// <summary>Every stream limited by <see cref="CardinalityLimitOf"/>; the stream keeps its name, and a histogram its buckets.</summary>
    public static MeterProviderBuilder AddCardinalityLimits(this MeterProviderBuilder metrics) =>
        metrics.AddView(instrument => new MetricStreamConfiguration { CardinalityLimit = CardinalityLimitOf(instrument) });

    /// <summary>Tag combinations one metric keeps apart; further ones are summed into one point tagged otel.metric.overflow.</summary>
    /// <remarks>
    /// Every stream allocates its limit in points (72 bytes each) when it starts: OpenTelemetry's default of 2,000 made
    /// a silo's ~150 streams hold 21 MB from its first minute (a dotnet-gcdump of a settled server). The service's own and
    /// Orleans' instruments carry a few tags of few values; HTTP metrics (route × method × status × protocol) carry the most.
    /// </remarks>
    public static int CardinalityLimitOf(Instrument instrument) =>
        instrument.Name.StartsWith("http.", StringComparison.Ordinal) || instrument.Name.StartsWith("kestrel.", StringComparison.Ordinal) ? 1_000 : 200;

    /// <summary>Prometheus text format at /metrics on the HTTP/1.1 port only, for service and admin tokens (the port also serves public link pages).</summary>
    public static void MapRecommenderTelemetry(this WebApplication app)
    {
        var httpPort = app.Services.GetRequiredService<ServerSettings>().HttpPort;
        app.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{httpPort}").RequireAuthorization(Auth.AuthHosting.OperatorPolicy);
    }
}
