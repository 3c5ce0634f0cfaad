// The digest ledger on PostgreSQL (the production profile).
using Npgsql;
using Recommender.Server.Digests;
using Recommender.Server.Persistence;
using Recommender.Server.Tests.Persistence;
using Recommender.Storage.Papers;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Server.Tests.Digests;

public sealed class PostgresDigestStoreTests : DigestStoreContract
{
    private string? connectionString;

    protected override async Task<DigestStore> StoreAsync()
    {
        if (connectionString is null)
        {
            connectionString = await TestDatabases.NewPostgresDatabaseAsync();
            await SchemaInstaller.InstallPostgresAsync(connectionString, CancellationToken.None);
        }
        return new DigestStore(NpgsqlDataSource.Create(connectionString), "digest-tests", writer: null);
    }
}
