// How DigestStore writes: every write is a unit of work run in a transaction, acknowledged only
// after its commit. On SQLite (one writer per file) the units waiting at the same moment share
// one transaction and one commit (the stores' GroupCommit, behind the file's WriterGate): a
// digest costs two commits, and a commit's fsync would otherwise bound the whole generator. On
// PostgreSQL each unit has its own transaction, so silos never hold each other's row locks in a
// shared batch.
using System.Data.Common;
using Recommender.Storage.Schema;

namespace Recommender.Server.Digests;

public sealed partial class DigestStore
{
    private GroupCommit? groupCommit;

    private async Task<T> WriteAsync<T>(Func<Write, Task<T>> unit, CancellationToken cancellationToken)
    {
        if (writer is null)
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await unit(new Write(this, connection, transaction));
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        groupCommit ??= new GroupCommit(database, writer);
        return await groupCommit.RunAsync("", (connection, transaction) => unit(new Write(this, connection, transaction)), cancellationToken);
    }

    /// <summary>The connection and transaction a unit of work runs in.</summary>
    private sealed class Write(DigestStore store, DbConnection connection, DbTransaction transaction)
    {
        public DbConnection Connection => connection;
        public DbTransaction Transaction => transaction;
        public DbCommand Command(string sql) => store.Command(connection, sql, transaction);
    }
}
