// Two in-process silos with in-memory storage and one shared paper store: grains meet each other across silos as in production.
using Orleans.TestingHost;
using Recommender.Grains.Tests.Feeds;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;
using Recommender.Storage.Subscriptions;

namespace Recommender.Grains.Tests;

public sealed class ClusterFixture : IAsyncLifetime
{
    public const int FeedSize = 5;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The catalogue both silos share, as they would share a database.</summary>
    public InMemoryPaperStore Papers { get; } = new();

    /// <summary>The feed store both silos write, as they would share Redis; tests can make it fail.</summary>
    public FlakyFeedStore Feeds { get; } = new(new InMemoryFeedStore(FeedSize));

    public InMemorySubscriptionStore Subscriptions { get; } = new();

    public async Task InitializeAsync() =>
        Cluster = await TestSilos.StartAsync(2, _ => Papers, Feeds, Subscriptions, o =>
        {
            o.FeedSize = FeedSize;
            // These tests share one catalogue and check the followed-topic protocol: other tests' topics and
            // papers must not enter their feeds through the other sources (Recall/RecallTests has its own cluster).
            o.InterestProbeTopics = 0;
            o.TrendingPapers = 0;
        });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
