// A real server process of the test's own (embedded) and the real tool run against it, as a reader
// of the README would: the set-up the tool's end-to-end tests share.
using Recommender.Digests.Tests.EndToEnd;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Cli.Tests;

/// <param name="name">Names the data directory, so a leftover one says which test left it.</param>
/// <param name="settings">Server settings besides the data directory.</param>
public abstract class ToolAndServer(string name, Dictionary<string, string>? settings = null) : IAsyncLifetime
{
    /// <summary>The server's data directory, removed after the test.</summary>
    protected string Data { get; } = Path.Combine(Path.GetTempPath(), "recommender-" + name, Guid.NewGuid().ToString("N"));

    protected ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = new ServerProcess(new(settings ?? []) { ["DataDirectory"] = Data });
        await Server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Data, recursive: true);
    }

    /// <summary>The tool as the README runs it; the server's development key is named, as running from the repository root would find it.</summary>
    protected async Task<(int Exit, string Output)> Recommender(params string[] arguments)
    {
        using var tool = CliProcess.Start(["--server", Server.GrpcAddress, "--key", Server.KeyFile, .. arguments]);
        var exit = await tool.WaitAsync();
        return (exit, tool.Output);
    }

    protected async Task<string> Succeeds(params string[] arguments)
    {
        var (exit, output) = await Recommender(arguments);
        Assert.True(exit == 0, $"recommender {string.Join(' ', arguments)} exited {exit}:\n{output}");
        return output;
    }
}
