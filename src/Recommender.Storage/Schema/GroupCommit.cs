// Group commit: units of work waiting at the same moment share one transaction and one commit,
// each inside a savepoint so a failing unit leaves the others intact. A caller's task completes
// only after the commit that made its unit durable, and a burst of small writes costs one fsync
// instead of one each. Where the database has a single writer (SQLite), the process's stores
// take turns at one WriterGate instead of spinning in the busy handler on pool threads.
using System.Data.Common;
using System.Threading.Channels;

namespace Recommender.Storage.Schema;

public sealed class GroupCommit(DbDataSource database, WriterGate? writer = null, int maxGroup = 256)
{
    private readonly Channel<Unit> pending = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private Task? loop;

    /// <summary>Runs <paramref name="work"/> in a shared transaction; its result once that transaction has committed.</summary>
    /// <param name="order">Units of a group run in this key's order (stable for equal keys), so two writers touching the same rows lock them in one order.</param>
    public async Task<T> RunAsync<T>(string order, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        var unit = new Unit<T>(order, work);
        lock (startLock)
        {
            loop ??= Task.Run(CommitGroupsAsync);
        }
        await pending.Writer.WriteAsync(unit, cancellationToken);
        return await unit.Result.WaitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in a shared transaction; completes once that transaction has committed.</summary>
    public Task RunAsync(string order, Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken = default) =>
        RunAsync(order, async (connection, transaction) =>
        {
            await work(connection, transaction);
            return true;
        }, cancellationToken);

    private async Task CommitGroupsAsync()
    {
        while (await pending.Reader.WaitToReadAsync())
        {
            var group = new List<Unit>();
            while (group.Count < maxGroup && pending.Reader.TryRead(out var unit))
            {
                group.Add(unit);
            }
            // Stable, so units of one key keep their arrival order.
            var ordered = group.OrderBy(u => u.Order, StringComparer.Ordinal).ToList();
            var done = new List<Unit>(ordered.Count);
            try
            {
                using var turn = writer is null ? null : await writer.EnterAsync();
                await using var connection = await database.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                foreach (var unit in ordered)
                {
                    await transaction.SaveAsync("unit");
                    try
                    {
                        await unit.RunAsync(connection, transaction);
                        await transaction.ReleaseAsync("unit");
                        done.Add(unit);
                    }
                    catch (Exception e)
                    {
                        await transaction.RollbackAsync("unit");
                        unit.Fail(e);
                    }
                }
                await transaction.CommitAsync();
            }
            catch (Exception e)
            {
                // Nothing of the group is durable: every unit not answered yet fails.
                ordered.ForEach(u => u.Fail(e));
                continue;
            }
            done.ForEach(u => u.Succeed());
        }
    }

    private abstract class Unit(string order)
    {
        public string Order => order;
        public abstract Task RunAsync(DbConnection connection, DbTransaction transaction);
        public abstract void Succeed();
        public abstract void Fail(Exception error);
    }

    private sealed class Unit<T>(string order, Func<DbConnection, DbTransaction, Task<T>> work) : Unit(order)
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? value;

        public Task<T> Result => completion.Task;
        public override async Task RunAsync(DbConnection connection, DbTransaction transaction) => value = await work(connection, transaction);
        public override void Succeed() => completion.TrySetResult(value!);
        public override void Fail(Exception error) => completion.TrySetException(error);
    }
}
