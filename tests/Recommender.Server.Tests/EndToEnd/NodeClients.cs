// Runs the stock Node.js clients in tests/clients, installing their npm packages on first use.
using System.Diagnostics;

namespace Recommender.Server.Tests.EndToEnd;

internal static class NodeClients
{
    private static readonly SemaphoreSlim InstallOnce = new(1, 1);

    public static string Directory => Path.Combine(ServerProcess.RepositoryRoot(), "tests", "clients");

    /// <summary>Runs <c>node SCRIPT ARGS</c> in tests/clients; its trimmed stdout. A non-zero exit is a test failure.</summary>
    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        await EnsureInstalledAsync();
        var (exitCode, stdout, stderr) = await ExecAsync("node", [script, .. arguments]);
        return exitCode == 0 ? stdout.Trim() : throw new InvalidOperationException($"node {script} exited {exitCode}:\n{stdout}\n{stderr}");
    }

    /// <summary>Like <see cref="RunAsync"/>, but returns the exit code and both streams, for scripts expected to fail.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(string script, params string[] arguments)
    {
        await EnsureInstalledAsync();
        return await ExecAsync("node", [script, .. arguments]);
    }

    /// <summary>A fresh CI machine has no node_modules: install exactly what package-lock.json pins (once per test run).</summary>
    private static async Task EnsureInstalledAsync()
    {
        await InstallOnce.WaitAsync();
        try
        {
            // npm writes node_modules/.package-lock.json on install; a lock file changed since means reinstall.
            var installed = new FileInfo(Path.Combine(Directory, "node_modules", ".package-lock.json"));
            if (installed.Exists && installed.LastWriteTimeUtc >= File.GetLastWriteTimeUtc(Path.Combine(Directory, "package-lock.json")))
            {
                return;
            }
            var (exitCode, stdout, stderr) = await ExecAsync("npm", ["ci", "--no-audit", "--no-fund"]);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed in {Directory}:\n{stdout}\n{stderr}");
            }
        }
        finally
        {
            InstallOnce.Release();
        }
    }

    private static async Task<(int, string, string)> ExecAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
