// What the server writes to its console at the default log levels while serving requests.
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Server.Tests.Telemetry;

public sealed class LoggingDefaultsTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("recommender-logging-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }
    [Fact]
    public async Task Serving_requests_logs_no_line_per_request_while_the_services_own_information_lines_appear()
    {
        await using var server = ServerProcess.Embedded(data);
        // The defaults under test, not the test harness' own quieter setting.
        server.Environment["Logging__LogLevel__Default"] = null;
        await server.StartAsync();
        var topics = new Topics.TopicsClient(server.Channel);
        await topics.CreateTopicAsync(new CreateTopicRequest { Topic = new Topic { Id = "quiet-logs", Name = "Quiet logs", Keywords = { "logging" } } });
        for (var i = 0; i < 5; i++)
        {
            await topics.ListTopicsAsync(new ListTopicsRequest());
        }
        using (var http = server.Http("service"))
        {
            await http.GetStringAsync($"http://127.0.0.1:{server.HttpPort}/readyz");
            await http.GetStringAsync($"http://127.0.0.1:{server.HttpPort}/metrics");
        }

        // A graceful stop flushes the console logger's queue, so every line written is in the output.
        await server.StopAsync();
        var output = server.Output();

        Assert.Contains("info: Recommender.Model", output);
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", output);
        Assert.DoesNotContain("Microsoft.AspNetCore.Routing", output);
        Assert.DoesNotContain("Grpc.AspNetCore", output);
        Assert.DoesNotContain("info: Orleans", output);
        Assert.DoesNotContain("info: Polly", output);
    }
}
