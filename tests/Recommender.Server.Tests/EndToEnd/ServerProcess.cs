// Runs the real server as a child process on free loopback ports, so tests talk to it
// over a real gRPC channel and can crash and restart it. Channel carries an admin token minted from the
// server's own key (the development key it creates in its data directory, or the configured key file).
using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Recommender.Server.Tests.EndToEnd;

public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> settings;
    private readonly int grpcPort = FreePorts.Next();
    private readonly int httpPort = FreePorts.Next();
    private readonly int siloPort = FreePorts.Next();
    private Process? process;
    private readonly System.Text.StringBuilder output = new();

    public ServerProcess(Dictionary<string, string> settings)
    {
        this.settings = settings;
        if (!settings.ContainsKey("DataDirectory"))
        {
            // Where the server keeps its development key (the production profile keeps nothing else there).
            settings["DataDirectory"] = ownDataDirectory = Directory.CreateTempSubdirectory("recommender-server-").FullName;
        }
        Anonymous = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions
        {
            // Minted per call, after the server has created its key.
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", "Bearer " + AdminToken());
                return Task.CompletedTask;
            })),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
    }

    /// <summary>Every call carries an admin token.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>No token at all.</summary>
    public GrpcChannel Anonymous { get; }

    /// <summary>The private key of a server configured with only a public key file (Auth:KeyFiles).</summary>
    public string? SigningKeyFile { get; init; }

    /// <summary>The PEM file whose key signs tokens this server accepts.</summary>
    public string KeyFile => SigningKeyFile ?? (settings.TryGetValue("Auth:KeyFiles", out var files)
        ? files.Split(',')[0]
        : Path.Combine(settings["DataDirectory"], "dev-signing-key.pem"));

    public string Token(string subject, string role, TimeSpan? lifetime = null) => TestTokens.Mint(KeyFile, subject, role, lifetime);

    private string? adminToken;
    private readonly string? ownDataDirectory;

    private string AdminToken() => adminToken ??= Token("e2e-admin", "admin", TimeSpan.FromHours(4));

    /// <summary>A plain HTTP client whose requests carry a token of <paramref name="role"/> (null: none).</summary>
    public HttpClient Http(string? role, Version? version = null)
    {
        var http = new HttpClient();
        if (version is not null)
        {
            (http.DefaultRequestVersion, http.DefaultVersionPolicy) = (version, HttpVersionPolicy.RequestVersionExact);
        }
        if (role is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", Token("e2e-" + role, role));
        }
        return http;
    }

    /// <summary>Calls that carry <paramref name="token"/> as their bearer token (null: none).</summary>
    public CallInvoker As(string? token) => token is null
        ? Anonymous.CreateCallInvoker()
        : Anonymous.Intercept(metadata =>
        {
            metadata.Add("authorization", "Bearer " + token);
            return metadata;
        });

    /// <summary>The gRPC (HTTP/2) port and the HTTP/1.1 port of probes and metrics.</summary>
    public int GrpcPort => grpcPort;
    public int HttpPort => httpPort;

    /// <summary>Extra environment variables for the server process (e.g. OTEL_* settings); null removes one.</summary>
    public Dictionary<string, string?> Environment { get; } = [];

    /// <summary>The running server's process id (null before the first start).</summary>
    public int? ProcessId => process is { HasExited: false } ? process.Id : null;

    public string GrpcAddress => $"http://127.0.0.1:{grpcPort}";

    /// <summary>The TCP ports the server process listens on (from <c>ss</c>), e.g. to show that no Orleans gateway is open.</summary>
    public async Task<SortedSet<int>> ListeningPortsAsync()
    {
        var start = new ProcessStartInfo("ss", ["-Hltnp"]) { RedirectStandardOutput = true };
        using var ss = Process.Start(start) ?? throw new InvalidOperationException("Could not run ss.");
        var lines = (await ss.StandardOutput.ReadToEndAsync()).Split('\n');
        await ss.WaitForExitAsync();
        var ports = lines.Where(l => l.Contains($"pid={process!.Id},", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3])
            .Select(address => int.Parse(address[(address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        return new SortedSet<int>(ports);
    }

    public int SiloPort => siloPort;

    public static ServerProcess Embedded(string dataDirectory) => new(new() { ["DataDirectory"] = dataDirectory });

    /// <param name="clusterId">A cluster of the test's own, so rows of other tests in the same database stay apart.</param>
    public static ServerProcess Production(string postgres, string redis, string clusterId) => new(new()
    {
        ["Postgres"] = postgres,
        ["Redis"] = redis,
        ["ClusterId"] = clusterId,
    });

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ServerAssembly());
        foreach (var (key, value) in settings.Concat(Ports()))
        {
            start.ArgumentList.Add($"--Recommender:{key}={value}");
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Tests run the server as on a developer machine, even where the test runner itself runs in a pod.
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
            if (value is null)
            {
                start.Environment.Remove(key);
            }
        }
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilHealthy();
    }

    /// <summary>Ends the server at once, as a crash would: nothing is flushed.</summary>
    public async Task CrashAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Asks the server to shut down (SIGTERM, as Kubernetes does) and waits: logs are flushed.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]);
            await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CrashAsync();
        Channel.Dispose();
        Anonymous.Dispose();
        if (ownDataDirectory is not null)
        {
            Directory.Delete(ownDataDirectory, recursive: true);
        }
        // Kept for post-mortems: what the server logged (warnings and errors).
        var logs = Path.Combine(Path.GetTempPath(), "recommender-e2e-logs");
        Directory.CreateDirectory(logs);
        await File.WriteAllTextAsync(Path.Combine(logs, $"server-{grpcPort}.log"), Output());
    }

    private IEnumerable<KeyValuePair<string, string>> Ports() =>
    [
        new("GrpcPort", grpcPort.ToString()),
        new("HttpPort", httpPort.ToString()),
        new("SiloPort", siloPort.ToString()),
    ];

    private async Task WaitUntilHealthy()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
            {
                // Until the output streams end, the last lines (often the reason) may still be on their way.
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{Output()}");
            }
            try
            {
                var response = await http.GetAsync($"http://127.0.0.1:{httpPort}/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The server did not become healthy in 90 s:\n{Output()}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>What the server wrote to stdout and stderr so far.</summary>
    public string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    /// <summary>The server's own build output (with its runtimeconfig), found from the repository root.</summary>
    private static string ServerAssembly()
    {
        var here = AppContext.BaseDirectory;
        var configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot(), "src", "Recommender.Server", "bin", configuration, "net10.0", "Recommender.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the server first.", path);
    }

    /// <summary>The checkout this test assembly was built in (the folder holding Recommender.sln).</summary>
    public static string RepositoryRoot()
    {
        var here = AppContext.BaseDirectory;
        var directory = new DirectoryInfo(here);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Recommender.sln")))
        {
            directory = directory.Parent;
        }
        if (directory is null)
        {
            throw new InvalidOperationException("Recommender.sln not found above " + here);
        }
        return directory.FullName;
    }
}
