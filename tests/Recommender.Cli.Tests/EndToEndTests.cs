using Recommender.Training.Simulation;

namespace Recommender.Cli.Tests;

public sealed class EndToEndTests : IAsyncLifetime
{
    private FakeServer _server = null!;
    private readonly string _directory = Directory.CreateTempSubdirectory("recommender-cli-").FullName;

    public async Task InitializeAsync() => _server = await FakeServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<int> Run(params string[] args) =>
        RecommenderCommand.Build().Parse([.. args, "--server", _server.Address.ToString()]).InvokeAsync();

    [Fact]
    public async Task Importing_over_plaintext_http2_publishes_every_paper_and_a_rerun_resumes_with_duplicates()
    {
        var file = Path.Combine(_directory, "papers.jsonl");
        await File.WriteAllLinesAsync(file, [.. SyntheticArxivJsonl.Lines(300, seed: 2), "{broken"]);

        Assert.Equal(0, await Run("import", file, "--format", "arxiv-jsonl", "--window", "16"));
        Assert.Equal(300, _server.Papers.Stored.Count);

        Assert.Equal(0, await Run("import", file, "--format", "arxiv-jsonl"));
        Assert.Equal(300, _server.Papers.Stored.Count);
    }

    [Fact]
    public async Task The_bench_command_imports_synthetic_records_end_to_end()
    {
        Assert.Equal(0, await Run("bench", "import", "--records", "200", "--seed", "5"));

        Assert.Equal(200, _server.Papers.Stored.Count);
    }

    [Fact]
    public async Task A_file_with_nothing_readable_exits_non_zero()
    {
        var file = Path.Combine(_directory, "garbage.jsonl");
        await File.WriteAllTextAsync(file, "not json\nalso not json\n");

        Assert.Equal(1, await Run("import", file, "--format", "arxiv-jsonl"));
    }

    [Fact]
    public async Task A_grpc_error_exits_with_code_one_and_success_with_zero()
    {
        Assert.Equal(1, await Run("feed", "bob"));
        Assert.Equal(0, await Run("feed", "alice"));
    }
}
