// Wires the silo, persistence, feed cache and gRPC endpoints from the settings.
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Orleans.Configuration;
using Recommender.Grains;
using Recommender.Grains.Feeds;
using Recommender.Server.Api;
using Recommender.Server.Feeds;
using Recommender.Server.Persistence;
using StackExchange.Redis;

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
            var databasePath = Path.GetFullPath(Path.Combine(settings.DataDirectory, "recommender.db"));
            await SchemaInstaller.InstallSqliteAsync(databasePath, CancellationToken.None);
            builder.UseOrleans(silo => silo
                .AddRecommenderEmbedded(databasePath, settings.SiloPort, settings.GatewayPort)
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ClusterId)));
        }
        else
        {
            await SchemaInstaller.InstallPostgresAsync(settings.Postgres, CancellationToken.None);
            builder.UseOrleans(silo => silo
                .AddRecommenderPostgres(settings.Postgres)
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ClusterId))
                .ConfigureEndpoints(settings.ListenAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false));
        }

        if (!string.IsNullOrWhiteSpace(settings.Redis))
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(RedisOptions(settings.Redis));
            builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
            builder.Services.AddSingleton<IFeedCache, RedisFeedCache>();
        }
        builder.Services.Configure<RecommenderOptions>(builder.Configuration.GetSection(RecommenderOptions.SectionName));
        builder.Services.AddRecommenderGrainServices();
        builder.Services.AddGrpc(o => o.Interceptors.Add<ErrorMappingInterceptor>());
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddHealthChecks();
    }

    public static void MapRecommender(this WebApplication app)
    {
        app.MapGrpcService<PapersService>();
        app.MapGrpcService<TopicsService>();
        app.MapGrpcService<UsersService>();
        app.MapGrpcService<FeedsService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapHealthChecks("/healthz");
    }

    private static ConfigurationOptions RedisOptions(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // Start even when Redis is down: feeds are then served from the user grains.
        options.AbortOnConnectFail = false;
        return options;
    }
}
