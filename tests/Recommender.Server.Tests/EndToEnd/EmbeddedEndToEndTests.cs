namespace Recommender.Server.Tests.EndToEnd;

/// <summary>The embedded default: SQLite through the ADO.NET provider, feeds cached in process.</summary>
public sealed class EmbeddedEndToEndTests : EndToEndScenarios, IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "recommender-e2e", Guid.NewGuid().ToString("N"));

    protected override bool FeedsSurviveCrash => false;

    protected override ServerProcess NewServer() => ServerProcess.Embedded(dataDirectory);

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
