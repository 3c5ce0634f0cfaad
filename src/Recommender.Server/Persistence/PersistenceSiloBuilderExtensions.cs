using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Recommender.Storage.Papers;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Server.Persistence;

/// <summary>Wires Orleans clustering, grain storage "state" and reminders for the two persistence profiles.</summary>
public static class PersistenceSiloBuilderExtensions
{
    /// <summary>ADO.NET clustering, grain storage "state" and reminders, all on PostgreSQL.
    /// Run <see cref="SchemaInstaller.InstallPostgresAsync"/> first.</summary>
    public static ISiloBuilder AddRecommenderPostgres(this ISiloBuilder silo, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PersistenceOptions.PostgresInvariant;
            o.ConnectionString = connectionString;
        });
        silo.AddStateStorage(PersistenceOptions.PostgresInvariant, connectionString);
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PersistenceOptions.PostgresInvariant;
            o.ConnectionString = connectionString;
        });
        return silo;
    }

    /// <summary>Single-node profile: localhost clustering; grain storage "state" and reminders in one SQLite file
    /// through the same ADO.NET providers. Run <see cref="SchemaInstaller.InstallSqliteAsync"/> first.
    /// The ports default to Orleans' own; tests pass free ones so parallel runs on one machine don't clash.
    /// Given the file's <paramref name="writer"/> gate, grain state writes take turns with the process's other stores.</summary>
    public static ISiloBuilder AddRecommenderEmbedded(
        this ISiloBuilder silo,
        string sqliteFilePath,
        int siloPort = EndpointOptions.DEFAULT_SILO_PORT,
        int gatewayPort = EndpointOptions.DEFAULT_GATEWAY_PORT,
        WriterGate? writer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqliteFilePath);
        var connectionString = SqliteConnections.ForFile(sqliteFilePath);
        silo.UseLocalhostClustering(siloPort, gatewayPort);
        if (writer is null)
        {
            silo.AddStateStorage(PersistenceOptions.SqliteInvariant, connectionString);
        }
        else
        {
            // The provider's name is not part of a stored row, so renaming the inner one keeps every row readable.
            const string Inner = PersistenceOptions.StorageName + "-file";
            silo.AddStateStorage(PersistenceOptions.SqliteInvariant, connectionString, Inner);
            silo.Services.AddGrainStorage(PersistenceOptions.StorageName,
                (services, _) => new GatedGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(Inner), writer));
        }
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PersistenceOptions.SqliteInvariant;
            o.ConnectionString = connectionString;
        });
        return silo;
    }

    private static void AddStateStorage(this ISiloBuilder silo, string invariant, string connectionString, string name = PersistenceOptions.StorageName) =>
        silo.AddAdoNetGrainStorage(name, optionsBuilder => optionsBuilder.Configure<IServiceProvider>((o, services) =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
            // Orleans' binary format into column PayloadBinary: compact, fields matched by [Id], and no CLR type
            // names for the declared state type, so renaming or moving a state class keeps old rows readable
            // (the default Newtonsoft JSON with type names would not).
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
        }));
}
