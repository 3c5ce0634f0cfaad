// How DigestStore writes: every write is a unit of work run in a transaction, acknowledged only
// after its commit. On SQLite (one writer per file) the units waiting at the same moment share
// one transaction and one commit (group commit), each inside a savepoint so that one failing
// unit leaves the others intact: a digest costs two commits, and a commit's fsync would
// otherwise bound the whole generator. On PostgreSQL each unit has its own transaction, so
// silos never hold each other's row locks in a shared batch.
using System.Data.Common;
using System.Threading.Channels;

namespace Recommender.Server.Digests;

public sealed partial class DigestStore
{
    private const int MaxGroup = 256;
    private readonly Channel<PendingWrite> pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private Task? groupCommits;

    private async Task<T> WriteAsync<T>(Func<Write, Task<T>> unit, CancellationToken cancellationToken)
    {
        if (!singleWriter)
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await unit(new Write(this, connection, transaction));
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        var write = new PendingWrite<T>(unit);
        EnsureGroupCommits();
        await pending.Writer.WriteAsync(write, cancellationToken);
        return await write.Result.WaitAsync(cancellationToken);
    }

    private void EnsureGroupCommits()
    {
        lock (startLock)
        {
            groupCommits ??= Task.Run(GroupCommitsAsync);
        }
    }

    private async Task GroupCommitsAsync()
    {
        while (await pending.Reader.WaitToReadAsync())
        {
            var group = new List<PendingWrite>();
            while (group.Count < MaxGroup && pending.Reader.TryRead(out var write))
            {
                group.Add(write);
            }
            var done = new List<PendingWrite>();
            try
            {
                await using var connection = await database.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                var unit = new Write(this, connection, transaction);
                foreach (var write in group)
                {
                    await transaction.SaveAsync("unit");
                    try
                    {
                        await write.RunAsync(unit);
                        await transaction.ReleaseAsync("unit");
                        done.Add(write);
                    }
                    catch (Exception e)
                    {
                        await transaction.RollbackAsync("unit");
                        write.Fail(e);
                    }
                }
                await transaction.CommitAsync();
            }
            catch (Exception e)
            {
                // Nothing of the group is durable: every unit not yet answered fails.
                group.ForEach(w => w.Fail(e));
                continue;
            }
            done.ForEach(w => w.Succeed());
        }
    }

    /// <summary>The connection and transaction a unit of work runs in.</summary>
    private sealed class Write(DigestStore store, DbConnection connection, DbTransaction transaction)
    {
        public DbConnection Connection => connection;
        public DbTransaction Transaction => transaction;
        public DbCommand Command(string sql) => store.Command(connection, sql, transaction);
    }

    private abstract class PendingWrite
    {
        public abstract Task RunAsync(Write write);
        public abstract void Succeed();
        public abstract void Fail(Exception error);
    }

    private sealed class PendingWrite<T>(Func<Write, Task<T>> unit) : PendingWrite
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? value;

        public Task<T> Result => completion.Task;

        public override async Task RunAsync(Write write) => value = await unit(write);
        public override void Succeed() => completion.TrySetResult(value!);
        public override void Fail(Exception error) => completion.TrySetException(error);
    }
}
