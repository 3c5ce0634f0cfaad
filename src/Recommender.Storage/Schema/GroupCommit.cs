// Group commit: units of work waiting at the same moment share one transaction and one commit,
// each inside a savepoint so a failing unit leaves the others intact. A caller's task completes
// only after the commit that made its unit durable, so the write stays off no caller's critical
// path longer than one commit, and a burst of small writes costs one fsync instead of one each.
using System.Data.Common;
using System.Threading.Channels;

namespace Recommender.Storage.Schema;

public sealed class GroupCommit(DbDataSource database, int maxGroup = 256)
{
    private readonly Channel<Unit> pending = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private Task? loop;

    /// <summary>Runs <paramref name="work"/> in a shared transaction; its result once that transaction has committed.</summary>
    /// <param name="order">Units of a group run in this key's order, so two writers touching the same rows lock them in one order.</param>
    public async Task<T> RunAsync<T>(string order, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var unit = new Unit<T>(order, work);
        lock (startLock)
        {
            loop ??= Task.Run(CommitGroupsAsync);
        }
        await pending.Writer.WriteAsync(unit, cancellationToken);
        return await unit.Result.WaitAsync(cancellationToken);
    }

    private async Task CommitGroupsAsync()
    {
        while (await pending.Reader.WaitToReadAsync())
        {
            var group = new List<Unit>();
            while (group.Count < maxGroup && pending.Reader.TryRead(out var unit))
            {
                group.Add(unit);
            }
            group.Sort((a, b) => string.CompareOrdinal(a.Order, b.Order));
            var done = new List<Unit>(group.Count);
            try
            {
                await using var connection = await database.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                foreach (var unit in group)
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
                group.ForEach(u => u.Fail(e));
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
