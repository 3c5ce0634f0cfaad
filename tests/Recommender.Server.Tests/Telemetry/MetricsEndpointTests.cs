// /metrics scraped from the real server with a plain HTTP client, and the OTLP push to a collector of the test's own.
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Server.Tests.Telemetry;

public sealed partial class MetricsEndpointTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("recommender-metrics-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }
    [Fact]
    public async Task The_metrics_page_serves_Orleans_ASP_NET_Core_and_runtime_metrics_in_Prometheus_text_format()
    {
        await using var server = ServerProcess.Embedded(data);
        await server.StartAsync();
        // One gRPC call, so the request-duration histogram has a sample.
        await new Topics.TopicsClient(server.Channel).ListTopicsAsync(new ListTopicsRequest());

        // Metrics are for service and admin tokens (the HTTP port also serves public link pages).
        using var http = server.Http("service");
        using var response = await http.GetAsync($"http://127.0.0.1:{server.HttpPort}/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE orleans_catalog_activations gauge", text);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text);
        Assert.Matches(@"http_server_request_duration_seconds_count\{[^}]*http_route=""/recommender.v1.Topics/ListTopics""", text);
        // ASP.NET Core's own buckets (from 5 ms), not OpenTelemetry's defaults (from 0 to 10,000): the streams' cardinality view keeps them.
        Assert.Matches(@"http_server_request_duration_seconds_bucket\{[^}]*le=""0.005""", text);
        Assert.Contains("# TYPE dotnet_process_cpu_time_seconds_total counter", text);
        Assert.Contains("service_name=\"recommender\"", text);
        // Every line is a comment or a sample "name{labels} value [timestamp]".
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line =>
            Assert.True(line.StartsWith('#') || Sample().IsMatch(line), line));
    }

    [Fact]
    public async Task A_publish_a_fan_out_and_a_feed_read_show_up_in_the_services_own_metrics()
    {
        await using var server = ServerProcess.Embedded(data);
        await server.StartAsync();
        var workload = new Workload();
        await new Topics.TopicsClient(server.Channel).CreateTopicAsync(new CreateTopicRequest { Topic = workload.Topics[0] });
        var users = new Users.UsersClient(server.Channel);
        await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "metered" } });
        await users.FollowTopicAsync(new FollowTopicRequest { UserId = "metered", TopicId = workload.Topics[0].Id });
        var published = await EndToEndScenarios.PublishAll(server, workload.Papers.Take(20).Select(p => Workload.ToApi(p)));
        await EndToEndScenarios.WaitUntilFannedOut(server, published);
        await new Recommender.Api.V1.Feeds.FeedsClient(server.Channel).GetFeedAsync(new GetFeedRequest { UserId = "metered" });

        // Metrics are for service and admin tokens (the HTTP port also serves public link pages).
        using var http = server.Http("service");
        var text = await http.GetStringAsync($"http://127.0.0.1:{server.HttpPort}/metrics");

        Assert.Matches(@"recommender_papers_ingested_total\{[^}]*\} 20(\s|$)", text);
        Assert.Matches(@"recommender_pairs_scored_total\{[^}]*\} [1-9]", text);
        Assert.Matches(@"recommender_feed_writes_total\{[^}]*\} [1-9]", text);
        Assert.Matches(@"recommender_feed_cache_hits_total\{[^}]*\} 1(\s|$)", text);
        Assert.Matches(@"recommender_publish_to_visible_duration_seconds_count\{[^}]*\} [1-9]", text);
    }

    [Fact]
    public async Task The_metrics_page_is_not_served_on_the_grpc_port()
    {
        await using var server = ServerProcess.Embedded(data);
        await server.StartAsync();
        using var http = server.Http("admin", HttpVersion.Version20);

        using var response = await http.GetAsync($"http://127.0.0.1:{server.GrpcPort}/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_are_pushed_over_OTLP_to_the_collector_named_by_OTEL_EXPORTER_OTLP_ENDPOINT()
    {
        using var collector = new HttpListener();
        var port = EndToEnd.FreePorts.Next();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        await using var server = ServerProcess.Embedded(data);
        server.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}";
        server.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        server.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        await server.StartAsync();

        var context = await collector.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(60));
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        context.Response.StatusCode = 200;
        context.Response.Close();

        Assert.Equal("POST", context.Request.HttpMethod);
        Assert.Equal("/v1/metrics", context.Request.Url?.AbsolutePath);
        Assert.Equal("application/x-protobuf", context.Request.ContentType);
        // Scope and resource names travel as plain UTF-8 strings inside the protobuf payload.
        var payload = Encoding.UTF8.GetString(body.ToArray());
        Assert.Contains("recommender", payload);
        Assert.Contains("Microsoft.Orleans", payload);
    }

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)( -?[0-9]+)?$")]
    private static partial Regex Sample();
}
