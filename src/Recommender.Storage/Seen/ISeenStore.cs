// Each user's seen set (papers the app showed) and the service's event log, in one store so that
// an impression batch marks its papers seen, logs them and remembers its id in one transaction:
// a retry never logs twice, and an acknowledged batch is never half there.
namespace Recommender.Storage.Seen;

public interface ISeenStore
{
    /// <summary>
    /// Marks the batch's papers seen, appends its event lines and remembers its id, atomically;
    /// durable on return. False when the (user, batch id) was recorded before: nothing is written.
    /// </summary>
    Task<bool> RecordImpressionsAsync(ImpressionBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="paperIds"/> the user has seen (within the cap and retention).</summary>
    Task<IReadOnlySet<string>> SeenAmongAsync(string userId, IReadOnlyCollection<string> paperIds, CancellationToken cancellationToken = default);

    /// <summary>Appends event lines (feedback, unsubscribes); durable on return.</summary>
    Task AppendEventsAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> retained events after <paramref name="afterSequence"/>, in the order written.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Drops seen rows, batch ids and events past the store's retention; how many rows went.</summary>
    Task<long> PruneAsync(CancellationToken cancellationToken = default);
}

/// <param name="BatchId">The client's id for this batch, unique per user.</param>
/// <param name="EventLines">The batch's impression events, already formatted (docs/logs-format.md).</param>
public sealed record ImpressionBatch(string UserId, string BatchId, DateTimeOffset ShownAt, IReadOnlyList<string> PaperIds, IReadOnlyList<string> EventLines);

public sealed record StoredEvent(long Sequence, string Line);

/// <summary>How much a seen store keeps.</summary>
/// <param name="SeenPerUser">A user's most recently seen papers kept; older ones are forgotten on the next write.</param>
/// <param name="SeenAge">Seen rows older than this are pruned.</param>
/// <param name="EventAge">Events and impression batch ids (so the retry window) older than this are pruned.</param>
/// <param name="MaxEvents">At most this many events are kept; the oldest go first.</param>
public sealed record SeenLimits(int SeenPerUser = 5_000, TimeSpan? SeenAge = null, TimeSpan? EventAge = null, long MaxEvents = 5_000_000)
{
    public TimeSpan SeenRetention => SeenAge ?? TimeSpan.FromDays(90);
    public TimeSpan EventRetention => EventAge ?? TimeSpan.FromDays(30);
}
