// The project's own meter "Recommender": every instrument the service reports, defined in one place.
using System.Diagnostics.Metrics;

namespace Recommender.Grains.Telemetry;

/// <summary>
/// The instruments of meter <see cref="MeterName"/>, a singleton from the silo's container
/// (<c>AddRecommenderGrainServices</c> registers it). Grains and services take it as a constructor
/// parameter and call the Record methods; the server exports the meter as OpenTelemetry metrics
/// (Prometheus names in brackets). Methods are cheap and thread-safe; nothing is exported until a
/// listener (the OpenTelemetry SDK, a test's MeterListener) subscribes.
/// </summary>
public sealed class RecommenderMetrics
{
    public const string MeterName = "Recommender";

    private readonly Counter<long> papersIngested;
    private readonly Counter<long> pairsScored;
    private readonly Counter<long> feedWrites;
    private readonly Counter<long> feedCacheHits;
    private readonly Counter<long> feedCacheMisses;
    private readonly Counter<long> feedsDropped;
    private readonly Histogram<double> publishToVisible;
    private readonly Counter<long> digestsSent;
    private readonly Counter<long> eventsLogged;
    private readonly Counter<long> eventsLost;

    public RecommenderMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        papersIngested = meter.CreateCounter<long>("recommender.papers.ingested", "{paper}", "Papers accepted into the catalogue (duplicates and rejects not counted).");
        pairsScored = meter.CreateCounter<long>("recommender.pairs.scored", "{pair}", "(user, paper) pairs scored by the ranker.");
        feedWrites = meter.CreateCounter<long>("recommender.feed.writes", "{entry}", "Papers written into user feeds.");
        feedCacheHits = meter.CreateCounter<long>("recommender.feed_cache.hits", "{read}", "Feed reads answered from the feed cache.");
        feedCacheMisses = meter.CreateCounter<long>("recommender.feed_cache.misses", "{read}", "Feed reads the cache could not answer (served from the grains).");
        feedsDropped = meter.CreateCounter<long>("recommender.feeds.dropped", "{feed}",
            "Stored feeds dropped because a write to them failed or its outcome could not be known (each is rebuilt at its next read).");
        // Seconds, with buckets from 5 ms to 2 min: the OpenTelemetry default buckets suit milliseconds.
        publishToVisible = meter.CreateHistogram("recommender.publish_to_visible.duration", "s",
            "Time from a paper's acceptance to its first appearance in a user feed.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });
        digestsSent = meter.CreateCounter<long>("recommender.digests.sent", "{digest}", "Email digests handed to the mail server.");
        eventsLogged = meter.CreateCounter<long>("recommender.events.logged", "{event}", "Impressions, feedback and unsubscribes committed to the event log.");
        eventsLost = meter.CreateCounter<long>("recommender.events.lost", "{event}", "Feedback and unsubscribe events that could not be logged (the action itself stands).");
    }

    /// <summary>Papers newly stored by a publish batch [recommender_papers_ingested_total].</summary>
    public void PapersIngested(long count) => papersIngested.Add(count);

    /// <summary>Pairs scored by one ranker call, whatever the outcome [recommender_pairs_scored_total].</summary>
    public void PairsScored(long count) => pairsScored.Add(count);

    /// <summary>Feed entries written (a paper entering a user's top-K) [recommender_feed_writes_total].</summary>
    public void FeedWrites(long count) => feedWrites.Add(count);

    /// <summary>One feed read answered by the cache [recommender_feed_cache_hits_total].</summary>
    public void FeedCacheHit() => feedCacheHits.Add(1);

    /// <summary>One feed read the cache could not answer, including when Redis is down [recommender_feed_cache_misses_total].</summary>
    public void FeedCacheMiss() => feedCacheMisses.Add(1);

    /// <summary>
    /// Feeds the store dropped after a failed write [recommender_feeds_dropped_total]: a handful during an outage is
    /// expected; thousands at once mean every following read is a rebuild.
    /// </summary>
    public void FeedsDropped(long count) => feedsDropped.Add(count);

    /// <summary>Publish→visible latency of one paper in one feed [recommender_publish_to_visible_duration_seconds].</summary>
    public void PublishToVisible(TimeSpan latency) => publishToVisible.Record(latency.TotalSeconds);

    /// <summary>Digests sent [recommender_digests_sent_total].</summary>
    public void DigestsSent(long count) => digestsSent.Add(count);

    /// <summary>Events committed to the event log [recommender_events_logged_total].</summary>
    public void EventsLogged(long count) => eventsLogged.Add(count);

    /// <summary>Events the log could not take [recommender_events_lost_total].</summary>
    public void EventsLost(long count) => eventsLost.Add(count);
}
