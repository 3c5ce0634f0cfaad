// Merges the fan-out writes meant for one user while they wait for Redis, so a user gets one
// write however many topics and rounds have papers for it, and sends the users waiting together
// in batches. Under load the queue grows, each write carries more papers and each batch more
// users, and Redis spends its time on papers instead of on calls. A user has at most one write in
// flight from here: one write in a few folds the whole feed (read, merge, write back), and two folds
// for one user from the same silo would only make each other fold again.
using System.Runtime.InteropServices;

namespace Recommender.Storage.Feeds;

/// <summary>One user's merged items, as a batch hands them to the writer.</summary>
internal readonly record struct QueuedWrite(string UserId, FeedItem[] Items);

/// <param name="write">Writes a batch; answers one threshold per write, in order (null for a miss or a failure).</param>
/// <param name="maxInFlight">Batches sent and not yet answered, at most.</param>
/// <param name="maxBatch">Users per batch, at most (asked per batch: it may change when the connection does).</param>
internal sealed class WriteCoalescer(Func<IReadOnlyList<QueuedWrite>, Task<float?[]>> write, int maxInFlight, Func<int> maxBatch)
{
    private readonly Lock gate = new();
    /// <summary>
    /// Users written without a <see cref="FeedSlot"/> that have a write waiting or in flight. The fan-out's writes come with
    /// their user's slot, which keeps the user's state here instead: hashing cold user ids was ~4% of the silo's samples under perf at 100,000 users.
    /// </summary>
    private readonly Dictionary<string, UserWrites> users = new(StringComparer.Ordinal);
    /// <summary>Users with a write waiting and none in flight, oldest first. A user whose write is in flight joins once it is answered.</summary>
    private readonly Queue<UserWrites> ready = new();
    private int drainers;

    /// <summary>Queues the items for the user's next write; completes with that write's answer.</summary>
    /// <param name="slot">
    /// The user's slot, if the writer keeps one (one per user in this process, see <see cref="FeedSlot"/>). A user's writes
    /// come all with it or all without: the two are queued apart (the fan-out always has one; only tests write without).
    /// </param>
    public Task<float?> Add(string userId, FeedItem[] items, FeedSlot? slot = null)
    {
        Task<float?> done;
        var startDrainer = false;
        lock (gate)
        {
            var user = WritesOf(userId, slot);
            if (user.Next is null)
            {
                user.Next = new Pending();
                if (!user.InFlight)
                {
                    ready.Enqueue(user);
                }
            }
            user.Next.Add(items);
            done = user.Next.Done.Task;
            if (drainers < maxInFlight && ready.Count > 0)
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

    /// <summary>Writes batches of queued users until none is ready; up to <c>maxInFlight</c> of these run at once.</summary>
    private async Task Drain()
    {
        var batch = new List<QueuedWrite>();
        var sent = new List<(UserWrites User, Pending Write)>();
        while (true)
        {
            batch.Clear();
            sent.Clear();
            var size = Math.Max(1, maxBatch());
            lock (gate)
            {
                while (batch.Count < size && ready.TryDequeue(out var user))
                {
                    var next = user.Next!;
                    user.Next = null;
                    user.InFlight = true;
                    batch.Add(new QueuedWrite(user.UserId, next.Items));
                    sent.Add((user, next));
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
                for (var i = 0; i < sent.Count; i++)
                {
                    sent[i].Write.Done.SetResult(answers[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var (_, next) in sent)
                {
                    next.Done.SetException(e);
                }
            }
            finally
            {
                lock (gate)
                {
                    foreach (var (user, _) in sent)
                    {
                        user.InFlight = false;
                        if (user.Next is not null)
                        {
                            // Queued while this write was under way: its turn now (this drainer's loop takes it).
                            ready.Enqueue(user);
                        }
                        else if (!user.Slotted)
                        {
                            users.Remove(user.UserId);
                        }
                    }
                }
            }
        }
    }

    private UserWrites WritesOf(string userId, FeedSlot? slot)
    {
        switch (slot?.Feed)
        {
            case UserWrites kept:
                return kept;
            case null when slot is not null:
                var created = new UserWrites(userId, slotted: true);
                slot.Feed = created;
                return created;
            default:
                // No slot, or one holding another store's object.
                return Unslotted(userId);
        }
    }

    private UserWrites Unslotted(string userId)
    {
        ref var user = ref CollectionsMarshal.GetValueRefOrAddDefault(users, userId, out _);
        return user ??= new UserWrites(userId, slotted: false);
    }

    /// <summary>One user's state here: the write waiting for a batch, if any, and whether one is in flight.</summary>
    /// <param name="slotted">Kept by the user's <see cref="FeedSlot"/> for good, not in the dictionary while in use.</param>
    private sealed class UserWrites(string userId, bool slotted)
    {
        public string UserId { get; } = userId;
        public bool Slotted { get; } = slotted;
        public Pending? Next { get; set; }
        public bool InFlight { get; set; }
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
