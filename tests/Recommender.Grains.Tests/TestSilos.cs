// The in-process clusters of the grain tests: silos as production wires them (Orleans' binary state
// format, reminders, the grain services), over stores the test owns.
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;
using Recommender.Storage.Subscriptions;

namespace Recommender.Grains.Tests;

public static class TestSilos
{
    /// <summary>A deployed cluster of <paramref name="silos"/> silos sharing the given stores, as silos share a database and Redis.</summary>
    /// <param name="papers">The catalogue, or per silo (by its name) when it must differ.</param>
    /// <param name="configure">Options and services besides the stores.</param>
    public static async Task<InProcessTestCluster> StartAsync(int silos, Func<string, IPaperStore> papers, IFeedStore feeds,
        ISubscriptionStore? subscriptions = null, Action<RecommenderOptions>? options = null, Action<IServiceCollection>? configure = null)
    {
        subscriptions ??= new InMemorySubscriptionStore();
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((siloOptions, silo) =>
        {
            // Orleans' binary format, as in production; the default JSON serializer is not what ships.
            silo.AddMemoryGrainStorage("state", storage => storage.Configure<IServiceProvider>((o, services) =>
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>())));
            // The hand-over sweep every silo starts keeps itself alive with a reminder.
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(papers(siloOptions.SiloName));
            silo.Services.AddSingleton(feeds);
            silo.Services.AddSingleton(subscriptions);
            configure?.Invoke(silo.Services);
            silo.Services.AddRecommenderGrainServices();
            if (options is not null)
            {
                silo.Services.Configure(options);
            }
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
