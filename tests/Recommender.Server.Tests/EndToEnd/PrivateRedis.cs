// A Redis server of one test's own, which the test may stop and start again on the same port.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Recommender.Server.Tests.EndToEnd;

/// <summary>
/// The shared test Redis (deploy/test-services.sh) must keep running for the other tests, so a test that
/// takes Redis away starts its own redis-server (installed by test-services.sh) as a child process.
/// </summary>
internal sealed class PrivateRedis : IAsyncDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("recommender-redis-").FullName;
    private Process? process;

    public int Port { get; } = FreePorts.Next();

    public string Configuration => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        var log = Path.Combine(directory, "log");
        var start = new ProcessStartInfo("redis-server");
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--logfile", log })
        {
            start.ArgumentList.Add(argument);
        }
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited: {await File.ReadAllTextAsync(log)}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("redis-server did not listen within 10 s.");
    }

    /// <summary>Ends the server at once, as a crash or a network cut would.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Stops the server after writing its data to disk, so that a restart comes back with the same (now stale) entries.</summary>
    public async Task StopSavingAsync()
    {
        if (process is { HasExited: false })
        {
            using var shutdown = Process.Start("redis-cli", ["-p", Port.ToString(), "shutdown", "save"]);
            await shutdown.WaitForExitAsync();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
        System.IO.Directory.Delete(directory, recursive: true);
    }
}
