// The metric streams' cardinality limits, through OpenTelemetry's own SDK: what a stream keeps apart and what it sums.
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Recommender.Server.Telemetry;

namespace Recommender.Server.Tests.Telemetry;

public sealed class MetricCardinalityTests
{
    private const string OverflowTag = "otel.metric.overflow";

    [Fact]
    public void A_metric_keeps_200_tag_combinations_apart_and_sums_the_rest_into_one_overflow_point_while_HTTP_metrics_keep_1000()
    {
        using var meter = new Meter($"recommender.tests.cardinality.{Guid.NewGuid():N}");
        var service = meter.CreateCounter<long>("recommender.test.calls");
        var http = meter.CreateCounter<long>("http.test.calls");
        var exporter = new PointCollector();
        using (var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meter.Name).AddCardinalityLimits()
                   .AddReader(new BaseExportingMetricReader(exporter)).Build())
        {
            for (var i = 0; i < 300; i++)
            {
                service.Add(1, new KeyValuePair<string, object?>("route", $"/r{i}"));
                http.Add(1, new KeyValuePair<string, object?>("route", $"/r{i}"));
            }
            provider.ForceFlush();
        }

        var calls = exporter.Points["recommender.test.calls"];
        Assert.Equal(200, calls.Count(p => !p.Overflow));
        Assert.Equal(100, calls.Single(p => p.Overflow).Sum);
        Assert.Equal(300, calls.Sum(p => p.Sum));
        var httpCalls = exporter.Points["http.test.calls"];
        Assert.Equal(300, httpCalls.Count);
        Assert.DoesNotContain(httpCalls, p => p.Overflow);
    }

    private sealed record Point(long Sum, bool Overflow);

    /// <summary>Copies the last export's points out (the SDK reuses its metric objects after an export).</summary>
    private sealed class PointCollector : BaseExporter<Metric>
    {
        public Dictionary<string, List<Point>> Points { get; } = [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                // Cumulative: each export (the flush, then the provider's disposal) holds every point so far.
                var points = Points[metric.Name] = [];
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var overflow = false;
                    foreach (var tag in point.Tags)
                    {
                        overflow |= tag.Key == OverflowTag;
                    }
                    points.Add(new Point(point.GetSumLong(), overflow));
                }
            }
            return ExportResult.Success;
        }
    }
}
