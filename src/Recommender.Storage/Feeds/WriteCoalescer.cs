// Merges the fan-out writes meant for one user while they wait for Redis, so a user gets one
// write however many topics and rounds have papers for it, and sends the users waiting together
// in batches. Under load the queue grows, each write carries more papers and each batch more
// users, and Redis spends its time on papers instead of on calls. A user has at most one write in
// flight from here: one write in a few folds the whole feed (read, merge, write back), and two folds
// for one user from the same silo would only make each other fold again.

namespace Recommender.Storage.Feeds;

/// <summary>One user's merged items, as a batch hands them to the writer.</summary>
internal readonly record struct QueuedWrite(string UserId, FeedItem[] Items);

/// <param name="write">Writes a batch; answers one threshold per write, in order (null for a miss or a failure).</param>
/// <param name="maxInFlight">Batches sent and not yet answered, at most.</param>
/// <param name="maxBatch">Users per batch, at most (asked per batch: it may change when the connection does).</param>
internal sealed class WriteCoalescer(Func<IReadOnlyList<QueuedWrite>, Task<float?[]>> write, int maxInFlight, Func<int> maxBatch)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly HashSet<string> inFlight = new(StringComparer.Ordinal);
    private int drainers;

    /// <summary>Queues the items for the user's next write; completes with that write's answer.</summary>
    public Task<float?> Add(string userId, FeedItem[] items)
    {
        Task<float?> done;
        var startDrainer = false;
        lock (gate)
        {
            if (!pending.TryGetValue(userId, out var waiting))
            {
                pending[userId] = waiting = new Pending();
                order.Enqueue(userId);
            }
            waiting.Add(items);
            done = waiting.Done.Task;
            if (drainers < maxInFlight)
            {
                drainers++;
                startDrainer = true;
            }
        }
        if (startDrainer)
        {
            // Off the caller's (a grain's) scheduler: the drainer serves every topic of the silo.
            _ = Task.Run(Drain);
        }
        return done;
    }

    /// <summary>Writes batches of queued users until the queue is empty; up to <c>maxInFlight</c> of these run at once.</summary>
    private async Task Drain()
    {
        var batch = new List<QueuedWrite>();
        var waiting = new List<Pending>();
        while (true)
        {
            batch.Clear();
            waiting.Clear();
            var size = Math.Max(1, maxBatch());
            lock (gate)
            {
                // Users whose previous write is still in flight wait for its drainer, which comes back for them.
                for (var looked = order.Count; batch.Count < size && looked > 0; looked--)
                {
                    var userId = order.Dequeue();
                    if (inFlight.Contains(userId))
                    {
                        order.Enqueue(userId);
                        continue;
                    }
                    var next = pending[userId];
                    pending.Remove(userId);
                    inFlight.Add(userId);
                    batch.Add(new QueuedWrite(userId, next.Items));
                    waiting.Add(next);
                }
                if (batch.Count == 0)
                {
                    drainers--;
                    return;
                }
            }
            try
            {
                var answers = await write(batch);
                for (var i = 0; i < waiting.Count; i++)
                {
                    waiting[i].Done.SetResult(answers[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var next in waiting)
                {
                    next.Done.SetException(e);
                }
            }
            finally
            {
                lock (gate)
                {
                    foreach (var write in batch)
                    {
                        inFlight.Remove(write.UserId);
                    }
                }
            }
        }
    }

    /// <summary>
    /// One user's items waiting for a write. Most writes carry one caller's items: that array is kept as it came
    /// (callers hand over arrays they no longer change) and copied only when a second caller's items join it.
    /// </summary>
    private sealed class Pending
    {
        private FeedItem[]? only;
        private List<FeedItem>? joined;

        public TaskCompletionSource<float?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FeedItem[] Items => only ?? joined?.ToArray() ?? [];

        public void Add(FeedItem[] items)
        {
            if (only is null && joined is null)
            {
                only = items;
                return;
            }
            joined ??= [.. only!];
            only = null;
            joined.AddRange(items);
        }
    }
}
