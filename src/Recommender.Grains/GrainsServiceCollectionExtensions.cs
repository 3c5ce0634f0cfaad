using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Recommender.Grains.Ingest;
using Recommender.Grains.Subscriptions;
using Recommender.Grains.Papers;
using Recommender.Grains.Recall;
using Recommender.Grains.Scoring;
using Recommender.Grains.Telemetry;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Scoring;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;
using Recommender.Storage.Subscriptions;

namespace Recommender.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>What the grains need from the silo's container; each can be replaced by registering it first.</summary>
    public static IServiceCollection AddRecommenderGrainServices(this IServiceCollection services)
    {
        services.AddOptions<RecommenderOptions>();
        services.TryAddSingleton<IPaperEncoder>(_ => new HashedTextEncoder());
        services.TryAddSingleton<IRankerSource>(_ => new FixedRankerSource(new CosineRanker()));
        // Without A/B configuration: one variant, served by the ranker source.
        services.TryAddSingleton(services => RankerVariants.Single(services.GetRequiredService<IRankerSource>()));
        services.TryAddSingleton<IFeedStore>(services => new InMemoryFeedStore(services.GetRequiredService<IOptions<RecommenderOptions>>().Value.FeedSize));
        services.TryAddSingleton<IPaperStore, InMemoryPaperStore>();
        services.TryAddSingleton<ISubscriptionStore, InMemorySubscriptionStore>();
        services.TryAddSingleton<SubscriberPool>();
        services.TryAddSingleton<PaperCards>();
        services.TryAddSingleton<TrendingPapers>();
        services.TryAddSingleton<TopicVectorCache>();
        services.TryAddSingleton<FanOutDispatcher>();
        // The hand-over sweep is woken by every silo as it starts; it runs on one of them.
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DeliverySweepStarter>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FeedScorer>();
        services.AddMetrics();
        services.TryAddSingleton<RecommenderMetrics>();
        return services;
    }
}
