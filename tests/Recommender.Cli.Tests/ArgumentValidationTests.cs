namespace Recommender.Cli.Tests;

public sealed class ArgumentValidationTests
{
    private static IReadOnlyList<string> Errors(string commandLine) =>
        RecommenderCommand.Build().Parse(commandLine).Errors.Select(e => e.Message).ToList();

    [Theory]
    [InlineData("import papers.jsonl --format arxiv-jsonl")]
    [InlineData("import page.txt -f hf-listing --year 2024 --server http://localhost:5080")]
    [InlineData("users add alice@example.org --email a@example.org --name Alice --digest weekly")]
    [InlineData("users follow alice graph-learning")]
    [InlineData("feed alice --page-size 100")]
    [InlineData("feedback alice 2401.00001 upvote")]
    [InlineData("topics list")]
    [InlineData("topics apply topics.yaml")]
    [InlineData("topics discover --k 8 --apply --seed 3")]
    [InlineData("bench import --records 1000")]
    [InlineData("bench generate out.jsonl -n 10")]
    public void Well_formed_command_lines_parse_without_errors(string commandLine)
    {
        Assert.Empty(Errors(commandLine));
    }

    [Theory]
    [InlineData("import papers.jsonl", "--format")]
    [InlineData("import papers.jsonl --format csv", "csv")]
    [InlineData("import page.txt -f hf-listing --year 12", "--year")]
    [InlineData("feed alice --page-size 0", "--page-size")]
    [InlineData("feed 'not an id'", "not a valid user id")]
    [InlineData("users add alice --digest hourly", "hourly")]
    [InlineData("users follow alice Graph_Learning", "not a valid topic id")]
    [InlineData("feedback alice p1 love", "love")]
    [InlineData("topics discover", "--k")]
    [InlineData("topics discover --k 0", "--k")]
    [InlineData("bench import --records 0", "--records")]
    [InlineData("topics list --server ftp://example.org", "--server")]
    public void Invalid_command_lines_are_refused_with_a_message_naming_the_problem(string commandLine, string expected)
    {
        var errors = Errors(commandLine);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_server_defaults_to_the_local_plaintext_port()
    {
        var parse = RecommenderCommand.Build().Parse("topics list");

        Assert.Equal(new Uri("http://127.0.0.1:5080"), parse.GetValue<Uri>("--server"));
    }
}
