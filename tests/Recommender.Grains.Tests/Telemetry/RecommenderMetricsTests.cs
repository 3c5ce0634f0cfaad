// The Recommender meter: instrument names, units and recorded values, as a metrics listener sees them.
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Grains;
using Recommender.Grains.Telemetry;

namespace Recommender.Grains.Tests.Telemetry;

public sealed class RecommenderMetricsTests
{
    [Fact]
    public void Every_record_method_reaches_its_instrument_of_meter_Recommender_with_its_unit()
    {
        using var services = new ServiceCollection().AddRecommenderGrainServices().BuildServiceProvider();
        var metrics = services.GetRequiredService<RecommenderMetrics>();
        var seen = new List<(string Name, string? Unit, double Value)>();
        // Only this container's meter: tests running beside this one record to meters of the same name.
        var factory = services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RecommenderMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen.Add((instrument.Name, instrument.Unit, value)));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => seen.Add((instrument.Name, instrument.Unit, value)));
        listener.Start();

        metrics.PapersIngested(3);
        metrics.PairsScored(1200);
        metrics.FeedWrites(7);
        metrics.FeedCacheHit();
        metrics.FeedCacheMiss();
        metrics.FeedsDropped(4);
        metrics.PublishToVisible(TimeSpan.FromMilliseconds(1500));
        metrics.DigestsSent(2);

        Assert.Equal(
        [
            ("recommender.papers.ingested", "{paper}", 3),
            ("recommender.pairs.scored", "{pair}", 1200),
            ("recommender.feed.writes", "{entry}", 7),
            ("recommender.feed_cache.hits", "{read}", 1),
            ("recommender.feed_cache.misses", "{read}", 1),
            ("recommender.feeds.dropped", "{feed}", 4),
            ("recommender.publish_to_visible.duration", "s", 1.5),
            ("recommender.digests.sent", "{digest}", 2),
        ], seen);
    }

    [Fact]
    public void The_silo_container_holds_one_shared_instance()
    {
        using var services = new ServiceCollection().AddRecommenderGrainServices().BuildServiceProvider();

        Assert.Same(services.GetRequiredService<RecommenderMetrics>(), services.GetRequiredService<RecommenderMetrics>());
    }
}
