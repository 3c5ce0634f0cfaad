// A PostgreSQL cluster of the fault suite's own (the shared test server must keep running for the other
// tests), at PostgreSQL's default max_connections of 100, which the suite may stop and start again.
using System.Diagnostics;

namespace Recommender.Server.Tests.Faults;

internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("recommender-faults-pg-").FullName;
    private readonly string bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
        .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
        ?? throw new InvalidOperationException("PostgreSQL is not installed; deploy/test-services.sh installs it.");

    public int Port { get; } = EndToEnd.FreePorts.Next();

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=postgres;Username=postgres";

    private string Data => Path.Combine(directory, "data");

    public async Task InitializeAsync()
    {
        // initdb and postgres refuse to run as root: the cluster belongs to the postgres user.
        await Run("chown", "postgres:postgres", directory);
        await AsPostgres("initdb", "-D", Data, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await StartAsync();
    }

    public Task StartAsync() => AsPostgres("pg_ctl", "-D", Data, "-l", Path.Combine(directory, "log"), "-w", "-o",
        $"-p {Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100", "start");

    /// <summary>Stops the server at once, as a crash would (no checkpoint; committed work comes back from the log).</summary>
    public Task StopAsync() => AsPostgres("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");

    /// <summary>Connections open right now to this server (all databases, all clients).</summary>
    public async Task<int> ConnectionsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsPostgres("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(directory, recursive: true);
    }

    private Task AsPostgres(string tool, params string[] arguments) => Run("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments]);

    private static async Task Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await errors}");
        }
    }
}
