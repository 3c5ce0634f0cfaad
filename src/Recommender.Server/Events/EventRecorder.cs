// Logs feedback and unsubscribes after the action itself is durable. The call waits for the log's
// commit (group-committed with other writes), so an answered call normally has its line; a log
// failure never fails the action, which has already happened, and a retry would repeat it.
using Recommender.Grains.Telemetry;
using Recommender.Storage.Seen;

namespace Recommender.Server.Events;

public sealed class EventRecorder(ISeenStore store, RecommenderMetrics metrics, TimeProvider clock, ILogger<EventRecorder> logger)
{
    public Task FeedbackAsync(string userId, string paperId, string kind, string source, CancellationToken cancellationToken = default) =>
        AppendAsync(EventLines.Feedback(clock.GetUtcNow(), userId, paperId, kind, source), cancellationToken);

    public Task TopicUnfollowedAsync(string userId, string topicId, CancellationToken cancellationToken = default) =>
        AppendAsync(EventLines.Unsubscribe(clock.GetUtcNow(), userId, "topic", topicId, "app"), cancellationToken);

    /// <param name="source">"app" (UpsertUser set the cadence to never) or "digest-link" (the mail's unsubscribe link).</param>
    public Task DigestUnsubscribedAsync(string userId, string source, CancellationToken cancellationToken = default) =>
        AppendAsync(EventLines.Unsubscribe(clock.GetUtcNow(), userId, "digest", null, source), cancellationToken);

    private async Task AppendAsync(string line, CancellationToken cancellationToken)
    {
        try
        {
            await store.AppendEventsAsync([line], cancellationToken);
            metrics.EventsLogged(1);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.EventsLost(1);
            logger.LogWarning(e, "An event could not be logged");
        }
    }
}
