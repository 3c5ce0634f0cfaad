// Groups writes that arrive while others commit into one transaction: one commit (one fsync)
// for every write waiting, so small durable writes are bounded by the disk's commits per
// second divided by the group size, not by one commit each.
using System.Collections.Concurrent;

namespace Recommender.Storage.Schema;

public sealed class GroupCommit<T>
{
    private readonly Func<IReadOnlyList<T>, Task> commit;
    private readonly int maxGroup;
    private readonly int maxCommitsInFlight;
    private readonly ConcurrentQueue<(T Write, TaskCompletionSource Done)> waiting = new();
    private int committers;

    /// <param name="commit">Writes the whole group in one transaction; a failure fails every write of the group (none was acknowledged).</param>
    /// <param name="maxGroup">Most writes in one transaction.</param>
    /// <param name="maxCommitsInFlight">Transactions at once: 1 for a single-writer database, a few where the database commits in parallel.</param>
    public GroupCommit(Func<IReadOnlyList<T>, Task> commit, int maxGroup = 256, int maxCommitsInFlight = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroup, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCommitsInFlight, 1);
        (this.commit, this.maxGroup, this.maxCommitsInFlight) = (commit, maxGroup, maxCommitsInFlight);
    }

    /// <summary>Completes once the write is committed, or fails with its group's error.</summary>
    public Task WriteAsync(T write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.Enqueue((write, done));
        StartCommitterIfNeeded();
        return done.Task;
    }

    private void StartCommitterIfNeeded()
    {
        while (!waiting.IsEmpty)
        {
            var running = Volatile.Read(ref committers);
            if (running >= maxCommitsInFlight)
            {
                return;
            }
            if (Interlocked.CompareExchange(ref committers, running + 1, running) == running)
            {
                _ = Task.Run(CommitWhileWaiting);
                return;
            }
        }
    }

    private async Task CommitWhileWaiting()
    {
        try
        {
            var group = new List<(T Write, TaskCompletionSource Done)>(maxGroup);
            while (true)
            {
                group.Clear();
                while (group.Count < maxGroup && waiting.TryDequeue(out var next))
                {
                    group.Add(next);
                }
                if (group.Count == 0)
                {
                    return;
                }
                try
                {
                    await commit(group.Select(g => g.Write).ToArray());
                    group.ForEach(g => g.Done.TrySetResult());
                }
                catch (Exception e)
                {
                    group.ForEach(g => g.Done.TrySetException(e));
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref committers);
            // A write queued between the last empty look and the decrement still gets a committer.
            StartCommitterIfNeeded();
        }
    }
}
