// Wires WatchFeed: the hub (a hosted service), the transport (Redis pub/sub when Redis is
// configured, else in process), and the feed store wrapped so that its writes notify the hub.
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Recommender.Server.Api;
using Recommender.Storage.Feeds;
using StackExchange.Redis;

namespace Recommender.Server.Watch;

public static class WatchHosting
{
    /// <summary>Call after every IFeedStore registration: the last one is the one wrapped.</summary>
    public static void AddFeedWatch(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection("Recommender");
        services.AddSingleton(new FeedWatchOptions(
            section.GetValue("WatchHeartbeat", TimeSpan.FromSeconds(15)),
            section.GetValue("WatchWriteTimeout", TimeSpan.FromSeconds(30))));
        services.AddSingleton<IFeedChangeTransport>(provider => provider.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisFeedChangeTransport(redis, provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
                provider.GetRequiredService<ILogger<RedisFeedChangeTransport>>())
            : new LocalFeedChangeTransport());
        services.AddSingleton<FeedWatchHub>();
        services.AddHostedService(provider => provider.GetRequiredService<FeedWatchHub>());
        services.AddSingleton<FeedWatcher>();
        services.AddSingleton<FeedReader>();

        var store = services.Last(d => d.ServiceType == typeof(IFeedStore));
        services.Remove(store);
        services.AddSingleton<IFeedStore>(provider => new NotifyingFeedStore(Create(store, provider), provider.GetRequiredService<FeedWatchHub>()));
    }

    private static IFeedStore Create(ServiceDescriptor descriptor, IServiceProvider provider) =>
        (IFeedStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
