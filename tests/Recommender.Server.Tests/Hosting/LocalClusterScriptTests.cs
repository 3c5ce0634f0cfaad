// deploy/cluster.sh: N real servers forming one Orleans cluster on private PostgreSQL and Redis, and a clean stop.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Server.Tests.Hosting;

public sealed partial class LocalClusterScriptTests
{
    [Fact]
    public async Task Up_2_starts_two_ready_servers_in_one_cluster_and_down_stops_them_and_their_services()
    {
        var (upExit, upOut, upErr) = await Script("up", "2");
        var directory = FilesIn().Match(upErr).Groups[1].Value;
        try
        {
            Assert.True(upExit == 0, upErr);
            var servers = Server().Matches(upOut).Select(m => (Grpc: int.Parse(m.Groups[1].Value), Http: int.Parse(m.Groups[2].Value))).ToList();
            Assert.Equal(2, servers.Count);
            using var http = new HttpClient();
            // Every silo accepts a token signed by the cluster's one key.
            http.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Mint(Path.Combine(directory, "signing-key.pem"), "prometheus", "service"));
            foreach (var (grpc, httpPort) in servers)
            {
                Assert.Equal("SERVING", await NodeClients.RunAsync("grpc-health.mjs", $"127.0.0.1:{grpc}", "", "10000"));
                // Each silo sees both in its membership ring: one cluster, not two single-silo ones.
                var metrics = await http.GetStringAsync($"http://127.0.0.1:{httpPort}/metrics");
                Assert.Matches(@"(?m)^orleans_consistent_ring_size\{[^}]*\} 2$", metrics);
            }

            var (downExit, _, downErr) = await Script("down", directory);

            Assert.True(downExit == 0, downErr);
            Assert.False(Directory.Exists(directory));
            Assert.All(servers, s => Assert.False(Listening(s.Http), $"port {s.Http} still answers"));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                await Script("down", directory);
            }
        }
    }

    private static async Task<(int, string, string)> Script(string command, string argument)
    {
        var root = ServerProcess.RepositoryRoot();
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "deploy", "cluster.sh"));
        start.ArgumentList.Add(command);
        if (command == "up")
        {
            start.ArgumentList.Add(argument);
        }
        else
        {
            // Its own cluster only, even if another run started one since.
            start.Environment["RECOMMENDER_CLUSTER_DIR"] = argument;
        }
        // The server this test assembly was built with.
        start.Environment["NO_BUILD"] = "1";
        start.Environment["CONFIGURATION"] = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        start.Environment["CLUSTER_ID"] = "script-" + Guid.NewGuid().ToString("N")[..8];
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"server \d+: grpc http://127\.0\.0\.1:(\d+)\s+health/metrics http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex Server();

    [GeneratedRegex(@"files in (/tmp/recommender-cluster\.\w+)")]
    private static partial Regex FilesIn();
}
