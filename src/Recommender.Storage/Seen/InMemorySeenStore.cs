// The seen store in this process's memory, for tests and tools; it keeps the same limits as the SQL store.
namespace Recommender.Storage.Seen;

public sealed class InMemorySeenStore(SeenLimits limits, TimeProvider clock) : ISeenStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> seen = [];
    private readonly Dictionary<(string User, string Batch), DateTimeOffset> batches = [];
    private readonly List<(long Sequence, DateTimeOffset At, string Line)> events = [];
    private long sequence;

    public Task<bool> RecordImpressionsAsync(ImpressionBatch batch, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (!batches.TryAdd((batch.UserId, batch.BatchId), now))
            {
                return Task.FromResult(false);
            }
            if (!seen.TryGetValue(batch.UserId, out var papers))
            {
                seen[batch.UserId] = papers = [];
            }
            foreach (var paperId in batch.PaperIds)
            {
                papers[paperId] = papers.TryGetValue(paperId, out var at) && at > batch.ShownAt ? at : batch.ShownAt;
            }
            foreach (var old in papers.OrderByDescending(p => p.Value).Skip(limits.SeenPerUser).Select(p => p.Key).ToArray())
            {
                papers.Remove(old);
            }
            Append(batch.EventLines, now);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlySet<string>> SeenAmongAsync(string userId, IReadOnlyCollection<string> paperIds, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlySet<string> result = seen.TryGetValue(userId, out var papers) ? paperIds.Where(papers.ContainsKey).ToHashSet() : new HashSet<string>();
            return Task.FromResult(result);
        }
    }

    public Task AppendEventsAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            Append(lines, clock.GetUtcNow());
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<StoredEvent> page = events.Where(e => e.Sequence > afterSequence).Take(limit).Select(e => new StoredEvent(e.Sequence, e.Line)).ToArray();
            return Task.FromResult(page);
        }
    }

    public Task<long> PruneAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            long removed = 0;
            foreach (var papers in seen.Values)
            {
                foreach (var old in papers.Where(p => p.Value < now - limits.SeenRetention).Select(p => p.Key).ToArray())
                {
                    removed += papers.Remove(old) ? 1 : 0;
                }
            }
            foreach (var old in batches.Where(b => b.Value < now - limits.EventRetention).Select(b => b.Key).ToArray())
            {
                removed += batches.Remove(old) ? 1 : 0;
            }
            removed += events.RemoveAll(e => e.At < now - limits.EventRetention);
            var excess = events.Count - limits.MaxEvents;
            if (excess > 0)
            {
                events.RemoveRange(0, (int)excess);
                removed += excess;
            }
            return Task.FromResult(removed);
        }
    }

    private void Append(IEnumerable<string> lines, DateTimeOffset now)
    {
        foreach (var line in lines)
        {
            events.Add((++sequence, now, line));
        }
    }
}
