// Health as a probe sees it: a stock gRPC client (Node.js @grpc/grpc-js) and plain HTTP against the real server.
using System.Net;
using Recommender.Server.Tests.EndToEnd;
using Recommender.Server.Tests.Persistence;

namespace Recommender.Server.Tests.Health;

public sealed class HealthProbeTests : IDisposable
{
    private readonly string clusterId = "health-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string data = Directory.CreateTempSubdirectory("recommender-health-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task An_embedded_server_is_serving_live_and_ready_to_a_stock_grpc_client_and_over_http()
    {
        await using var server = ServerProcess.Embedded(data);
        await server.StartAsync();

        Assert.Equal("SERVING", await Check(server, ""));
        Assert.Equal("SERVING", await Check(server, "liveness"));
        Assert.Equal("SERVING", await Check(server, "readiness"));
        // The protocol's answer for a name the server does not know.
        Assert.Equal("ERROR NOT_FOUND", await Check(server, "recommender.v1.NoSuchService"));
        var (live, liveBody) = await Get(server, "/healthz");
        var (ready, readyBody) = await Get(server, "/readyz");
        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Contains("\"silo\"", liveBody);
        Assert.DoesNotContain("\"storage\"", liveBody);
        Assert.Contains("\"storage\":{\"status\":\"Healthy\"", readyBody);
    }

    [Fact]
    public async Task Readiness_and_the_whole_server_turn_NOT_SERVING_when_Redis_stops_and_SERVING_when_it_returns()
    {
        await using var redis = new PrivateRedis();
        await redis.StartAsync();
        await using var server = ServerProcess.Production(TestDatabases.Postgres, redis.Configuration, clusterId);
        await server.StartAsync();
        Assert.Equal("SERVING", await Check(server, ""));
        Assert.Contains("\"redis\":{\"status\":\"Healthy\"", (await Get(server, "/readyz")).Body);

        await redis.StopAsync();

        Assert.Equal("NOT_SERVING", await Eventually(() => Check(server, ""), "NOT_SERVING"));
        Assert.Equal("NOT_SERVING", await Check(server, "readiness"));
        Assert.Equal("SERVING", await Check(server, "liveness"));
        var (ready, readyBody) = await Get(server, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        Assert.Contains("\"redis\":{\"status\":\"Unhealthy\"", readyBody);
        Assert.Equal(HttpStatusCode.OK, (await Get(server, "/healthz")).Status);

        await redis.StartAsync();

        Assert.Equal("SERVING", await Eventually(() => Check(server, "readiness"), "SERVING"));
    }

    [Fact]
    public async Task A_black_holed_Redis_is_answered_NOT_SERVING_rather_than_a_hung_probe()
    {
        using var blackHole = new BlackHole();
        await using var server = ServerProcess.Production(TestDatabases.Postgres, blackHole.Address, clusterId);
        await server.StartAsync();

        // The client's deadline (10 s) is far above the checks' own (2 s): a hang would read "ERROR DEADLINE_EXCEEDED".
        Assert.Equal("NOT_SERVING", await Check(server, ""));
        Assert.Equal("NOT_SERVING", await Check(server, "readiness"));
        Assert.Equal("SERVING", await Check(server, "liveness"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Get(server, "/readyz")).Status);
    }

    [Fact]
    public async Task Readiness_turns_NOT_SERVING_when_the_SQLite_file_is_gone()
    {
        await using var server = ServerProcess.Embedded(data);
        await server.StartAsync();
        Assert.Equal("SERVING", await Check(server, "readiness"));

        Directory.Delete(data, recursive: true);

        Assert.Equal("NOT_SERVING", await Check(server, "readiness"));
        Assert.Equal("NOT_SERVING", await Check(server, ""));
        Assert.Equal("SERVING", await Check(server, "liveness"));
        Assert.Contains("\"storage\":{\"status\":\"Unhealthy\"", (await Get(server, "/readyz")).Body);
    }

    [Fact]
    public async Task Readiness_turns_NOT_SERVING_while_PostgreSQL_refuses_connections_and_recovers_after()
    {
        var connectionString = await TestDatabases.NewPostgresDatabaseAsync();
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var server = ServerProcess.Production(connectionString, "", clusterId);
        await server.StartAsync();
        Assert.Equal("SERVING", await Check(server, "readiness"));

        await Admin($"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false",
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");

        Assert.Equal("NOT_SERVING", await Eventually(() => Check(server, "readiness"), "NOT_SERVING"));
        Assert.Contains("\"storage\":{\"status\":\"Unhealthy\"", (await Get(server, "/readyz")).Body);

        await Admin($"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true");

        Assert.Equal("SERVING", await Eventually(() => Check(server, "readiness"), "SERVING"));
    }

    private static Task<string> Check(ServerProcess server, string service) =>
        NodeClients.RunAsync("grpc-health.mjs", $"127.0.0.1:{server.GrpcPort}", service, "10000");

    private static async Task<(HttpStatusCode Status, string Body)> Get(ServerProcess server, string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync($"http://127.0.0.1:{server.HttpPort}{path}");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A dependency's loss or return is noticed by its client library a moment later: ask again, up to 30 times.</summary>
    private static async Task<string> Eventually(Func<Task<string>> probe, string expected)
    {
        var answer = "";
        for (var attempt = 0; attempt < 30 && answer != expected; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(1000);
            }
            answer = await probe();
        }
        return answer;
    }

    private static async Task Admin(params string[] statements)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabases.Postgres);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new Npgsql.NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
