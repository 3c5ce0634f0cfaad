// Registers the health checks and exposes them as grpc.health.v1 services and as HTTP probe pages.
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Recommender.Server.Hosting;
using StackExchange.Redis;

namespace Recommender.Server.Health;

public static class RecommenderHealth
{
    /// <summary>Checks that say the process and its silo are up; a failure asks for a restart.</summary>
    public const string Live = "live";
    /// <summary>Checks that say requests can be served; a failure takes the server out of rotation.</summary>
    public const string Ready = "ready";

    /// <summary>
    /// Each dependency gets this long. The checks of one probe run concurrently, so a probe answers within
    /// about this time even when every dependency is black-holed (the Kubernetes probes allow 5 s).
    /// </summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public static void AddRecommenderHealth(this WebApplicationBuilder builder, ServerSettings settings)
    {
        builder.Services.AddSingleton(settings);
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<SiloHealthCheck>("silo", tags: [Live, Ready])
            // One instance for the server's life (a factory would build one per probe).
            .Add(new HealthCheckRegistration("storage", StorageCheck(settings), HealthStatus.Unhealthy, [Ready]));
        if (!string.IsNullOrWhiteSpace(settings.Redis))
        {
            checks.Add(new HealthCheckRegistration("redis", services => RedisCheck(services.GetRequiredService<IConnectionMultiplexer>()), HealthStatus.Unhealthy, [Ready]));
        }
        builder.Services.AddGrpcHealthChecks(o =>
        {
            // The whole server ("") is what a load balancer asks about: serving needs every dependency.
            o.Services.Clear();
            o.Services.Map("", c => c.Tags.Contains(Ready));
            o.Services.Map("liveness", c => c.Tags.Contains(Live));
            o.Services.Map("readiness", c => c.Tags.Contains(Ready));
        });
    }

    /// <summary>gRPC health on the gRPC port; <c>/healthz</c> (liveness) and <c>/readyz</c> (readiness) on the HTTP/1.1 port only.</summary>
    public static void MapRecommenderHealth(this WebApplication app)
    {
        var httpPort = $"*:{app.Services.GetRequiredService<ServerSettings>().HttpPort}";
        // Probes carry no token.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapHealthChecks("/healthz", Page(Live)).RequireHost(httpPort).AllowAnonymous();
        app.MapHealthChecks("/readyz", Page(Ready)).RequireHost(httpPort).AllowAnonymous();
    }

    private static HealthCheckOptions Page(string tag) => new()
    {
        Predicate = r => r.Tags.Contains(tag),
        ResponseWriter = HealthReportJson.WriteAsync,
    };

    private static DependencyHealthCheck StorageCheck(ServerSettings settings) =>
        settings.IsEmbedded ? SqliteCheck(settings.DatabasePath) : PostgresCheck(settings.Postgres);

    private static DependencyHealthCheck PostgresCheck(string connectionString)
    {
        // A pool of its own (another connection string): the probe asks whether PostgreSQL answers, not whether
        // the grains left a connection free. Named, so its sessions are recognisable in pg_stat_activity.
        var probePool = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = 2,
            Timeout = (int)CheckTimeout.TotalSeconds,
            CommandTimeout = (int)CheckTimeout.TotalSeconds,
            ApplicationName = "recommender-health",
        }.ConnectionString;
        return new DependencyHealthCheck("PostgreSQL", async token =>
        {
            await using var connection = new NpgsqlConnection(probePool);
            await connection.OpenAsync(token);
            await using var command = new NpgsqlCommand(SchemaProbe, connection);
            await command.ExecuteScalarAsync(token);
        }, CheckTimeout);
    }

    private static DependencyHealthCheck SqliteCheck(string databasePath)
    {
        // ReadWrite, not ReadWriteCreate: a deleted file must fail, not be recreated empty.
        // No pooling: a pooled connection keeps answering from a file that was removed.
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = (int)CheckTimeout.TotalSeconds,
        }.ToString();
        return new DependencyHealthCheck("SQLite", async token =>
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(token);
            await using var command = connection.CreateCommand();
            command.CommandText = SchemaProbe;
            await command.ExecuteScalarAsync(token);
        }, CheckTimeout);
    }

    private static DependencyHealthCheck RedisCheck(IConnectionMultiplexer redis) =>
        new("Redis", _ => redis.GetDatabase().PingAsync(), CheckTimeout);

    /// <summary>Reads a table of the installed schema, so an empty or foreign database does not pass.</summary>
    private const string SchemaProbe = "SELECT 1 FROM OrleansQuery LIMIT 1";
}
