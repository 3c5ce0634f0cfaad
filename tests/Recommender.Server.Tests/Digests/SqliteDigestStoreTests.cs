// The digest ledger on the embedded profile's SQLite file.
using Microsoft.Data.Sqlite;
using Recommender.Server.Digests;
using Recommender.Server.Persistence;
using Recommender.Server.Tests.Persistence;
using Recommender.Storage.Papers;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Server.Tests.Digests;

public sealed class SqliteDigestStoreTests : DigestStoreContract, IDisposable
{
    private readonly string file = TestDatabases.NewSqliteFile();
    private bool installed;

    protected override async Task<DigestStore> StoreAsync()
    {
        if (!installed)
        {
            await SchemaInstaller.InstallSqliteAsync(file, CancellationToken.None);
            installed = true;
        }
        return new DigestStore(SqliteFactory.Instance.CreateDataSource(SqliteConnections.ForFile(file)), "digest-tests", new WriterGate());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDatabases.DeleteSqliteFile(file);
    }
}
