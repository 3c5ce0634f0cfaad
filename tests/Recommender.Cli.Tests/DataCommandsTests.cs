using Recommender.Cli;

namespace Recommender.Cli.Tests;

public sealed class DataCommandsTests
{
    [Fact]
    public void Simulate_then_logs_to_csv_writes_one_row_per_impression()
    {
        var directory = Directory.CreateTempSubdirectory("recommender-cli-").FullName;
        var logs = Path.Combine(directory, "logs.jsonl");
        var csv = Path.Combine(directory, "train.csv");
        Assert.Equal(0, RecommenderCommand.Build().Parse(["simulate", "--users", "5", "--days", "2", "--seed", "3", "--out", logs]).Invoke());
        Assert.Equal(0, RecommenderCommand.Build().Parse(["logs", "to-csv", "--logs", logs, "--out", csv]).Invoke());
        var impressions = File.ReadLines(logs).Count(l => l.Contains("\"type\":\"impression\""));
        var lines = File.ReadAllLines(csv);
        Assert.EndsWith(",click,upvote,save,hide", lines[0]);
        Assert.Equal(impressions + 1, lines.Length);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void Logs_to_csv_requires_its_options()
    {
        Assert.NotEmpty(RecommenderCommand.Build().Parse(["logs", "to-csv"]).Errors);
    }
}
