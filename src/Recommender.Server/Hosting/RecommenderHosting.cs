// Wires the silo, persistence, feed cache and gRPC endpoints from the settings.
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Recommender.Grains;
using Recommender.Grains.Feeds;
using Recommender.Grains.Telemetry;
using Microsoft.Data.Sqlite;
using Orleans.Serialization;
using Recommender.Abstractions.Topics;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;
using Recommender.Server.Api;
using Recommender.Server.Auth;
using Recommender.Server.Digests;
using Recommender.Server.Events;
using Recommender.Server.Models;
using Recommender.Server.Health;
using Recommender.Server.Persistence;
using Recommender.Server.Telemetry;
using Recommender.Server.Watch;
using Recommender.Server.Web;
using StackExchange.Redis;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Server.Hosting;

public static class RecommenderHosting
{
    public static async Task AddRecommenderAsync(this WebApplicationBuilder builder, ServerSettings settings)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // gRPC without TLS needs an HTTP/2-only endpoint; probes get a plain HTTP/1 one.
            kestrel.Listen(settings.ListenAddress, settings.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(settings.ListenAddress, settings.HttpPort, o => o.Protocols = HttpProtocols.Http1);
        });

        if (settings.IsEmbedded)
        {
            var databasePath = settings.DatabasePath;
            await SchemaInstaller.InstallSqliteAsync(databasePath, CancellationToken.None);
            var sqlite = SqliteConnections.ForFile(databasePath);
            var sqliteSource = SqliteFactory.Instance.CreateDataSource(sqlite);
            // Every writer of this process takes turns at the file's single write lock.
            var writer = new WriterGate();
            await builder.AddDigestsAsync(settings, sqliteSource, writer);
            builder.AddEventLog(settings, sqliteSource, writer);
            builder.AddModels(settings, sqliteSource, writer);
            builder.Services.AddSingleton<IPaperStore>(services => new SqlitePaperStore(sqlite, services.GetRequiredService<PaperPayloads>(), ServiceId(services), writer));
            builder.Services.AddSingleton<ISubscriptionStore>(services => new SqlSubscriptionStore(
                SqliteFactory.Instance.CreateDataSource(sqlite), services.GetRequiredService<Serializer<SubscriberProfile>>(), ServiceId(services), writer));
            builder.UseOrleans(silo => silo
                .AddRecommenderEmbedded(databasePath, settings.SiloPort, settings.GatewayPort, writer)
                .ConfigureRecommenderSilo(settings));
        }
        else
        {
            var postgres = PostgresConnections.ForOrleans(settings.Postgres);
            await SchemaInstaller.InstallPostgresAsync(postgres, CancellationToken.None);
            var dataSource = NpgsqlDataSource.Create(PostgresConnections.ForCatalogue(settings.Postgres));
            await builder.AddDigestsAsync(settings, dataSource, writer: null);
            builder.AddEventLog(settings, dataSource, writer: null);
            builder.AddModels(settings, dataSource, writer: null);
            builder.Services.AddSingleton<IPaperStore>(services =>
                new PostgresPaperStore(dataSource, services.GetRequiredService<PaperPayloads>(), ServiceId(services)));
            builder.Services.AddSingleton<ISubscriptionStore>(services => new SqlSubscriptionStore(
                dataSource, services.GetRequiredService<Serializer<SubscriberProfile>>(), ServiceId(services), committers: 4));
            builder.UseOrleans(silo => silo
                .AddRecommenderPostgres(postgres)
                .ConfigureRecommenderSilo(settings)
                .ConfigureRecommenderEndpoints(settings, Environment.GetEnvironmentVariable));
        }

        if (!string.IsNullOrWhiteSpace(settings.Redis))
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(RedisOptions(settings.Redis));
            builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
            builder.Services.AddSingleton<IFeedStore>(services =>
            {
                var options = services.GetRequiredService<IOptions<RecommenderOptions>>().Value;
                var metrics = services.GetRequiredService<RecommenderMetrics>();
                return new RedisFeedStore(redis, ServiceId(services), options.FeedSize, options.FeedTimeToLive, services.GetRequiredService<ILogger<RedisFeedStore>>(),
                    dropped: metrics.FeedsDropped);
            });
        }
        builder.Services.Configure<RecommenderOptions>(builder.Configuration.GetSection(RecommenderOptions.SectionName));
        builder.Services.AddSingleton(ExplorationSettings.From(builder.Configuration));
        builder.Services.AddSingleton(IdleTrimSettings.From(builder.Configuration));
        builder.Services.AddHostedService<IdleMemoryTrimmer>();
        // Made now, so that an unknown name or a bad setting stops the start instead of the first publish.
        builder.Services.AddSingleton<IPaperEncoder>(PaperEncoders.Create(settings.Encoder,
            new SentenceEncoderOptions { MaxTokens = settings.EncoderMaxTokens, IntraOpThreads = settings.EncoderThreads }));
        builder.Services.AddRecommenderGrainServices();
        builder.Services.AddSingleton<PaperPayloads>();
        builder.Services.AddGrpc(o => o.Interceptors.Add<ErrorMappingInterceptor>()).AddJsonTranscoding();
        builder.AddRest();
        // After the feed store is registered: WatchFeed wraps it.
        builder.AddFeedWatch();
        builder.Services.AddGrpcReflection();
        builder.AddRecommenderHealth(settings);
        builder.AddRecommenderAuth(settings);
        builder.AddRecommenderTelemetry();
        builder.AddRecommenderLogThrottling();
    }

    /// <summary>What both profiles' silos share: the cluster's ids and the bound of the directory cache.</summary>
    private static ISiloBuilder ConfigureRecommenderSilo(this ISiloBuilder silo, ServerSettings settings) => silo
        .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId))
        .Configure<GrainDirectoryOptions>(o => o.CacheSize = settings.DirectoryCacheSize);

    public static void MapRecommender(this WebApplication app)
    {
        // Load every variant's configured ranker now: a model that does not fit the features fails the start, not a later request.
        // (Their tags, and those of promoted models, are learned when ModelPromotions starts, before the first request.)
        _ = app.Services.GetRequiredService<RankerVariants>();
        app.UseRecommenderAuth();
        app.MapRest();
        app.MapGrpcService<PapersService>();
        app.MapGrpcService<CatalogueService>();
        app.MapGrpcService<TopicsService>();
        app.MapGrpcService<UsersService>();
        app.MapGrpcService<FeedsService>();
        app.MapDigests();
        app.MapEventLog();
        app.MapModels();
        app.MapGrpcReflectionService();
        app.MapRecommenderHealth();
        app.MapRecommenderTelemetry();
    }

    // The paper store partitions its rows by the same ServiceId as Orleans' grain state.
    private static string ServiceId(IServiceProvider services) => services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;

    private static ConfigurationOptions RedisOptions(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // Start even when Redis is down: feeds are then served from the user grains.
        options.AbortOnConnectFail = false;
        // Fail at once while Redis is away (a read falls back to the source of truth) rather
        // than queue commands until they time out; and never wait long for an answer.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 2000;
        options.AsyncTimeout = 2000;
        options.SyncTimeout = 2000;
        // Replies are read on the .NET thread pool, not on the client's own ten socket threads: every
        // call here is asynchronous, and on two cores the extra threads cost a hand-over per reply
        // (measured at 100,000 users: GetFeed(20) p50 288 → 250 µs, 5,168 → 6,163 req/s).
        options.SocketManager = SocketManager.ThreadPool;
        return options;
    }
}
