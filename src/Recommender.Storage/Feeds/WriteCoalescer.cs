// Merges the fan-out writes meant for one user while they wait for Redis, so a user gets one
// write however many topics and rounds have papers for it. Under load the queue grows, each
// write carries more papers, and Redis spends its time on papers instead of on script calls.

namespace Recommender.Storage.Feeds;

internal sealed class WriteCoalescer(Func<string, FeedItem[], Task<float?>> write, int maxInFlight)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
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
            waiting.Items.AddRange(items);
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

    /// <summary>Writes one queued user at a time until the queue is empty; up to <c>maxInFlight</c> of these run at once.</summary>
    private async Task Drain()
    {
        while (true)
        {
            string userId;
            Pending next;
            lock (gate)
            {
                if (!order.TryDequeue(out userId!))
                {
                    drainers--;
                    return;
                }
                next = pending[userId];
                pending.Remove(userId);
            }
            try
            {
                next.Done.SetResult(await write(userId, next.Items.ToArray()));
            }
            catch (Exception e)
            {
                next.Done.SetException(e);
            }
        }
    }

    private sealed class Pending
    {
        public List<FeedItem> Items { get; } = [];
        public TaskCompletionSource<float?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
