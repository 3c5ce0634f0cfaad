using Recommender.Cli.Topics;

namespace Recommender.Cli.Tests;

public sealed class TopicFileTests
{
    [Fact]
    public void A_yaml_list_of_topics_is_read_with_snake_case_seed_papers()
    {
        const string yaml = """
            # curated topics
            - id: graph-learning
              name: Graph learning
              keywords: [graph, gnn, message passing]
              seed_papers: [2401.00001]
            - name: Quantum Computing
              keywords:
                - qubit
            """;

        var result = TopicFile.Parse(yaml, "topics.yaml");

        Assert.True(result.Ok, string.Join("; ", result.Errors));
        Assert.Equal(2, result.Topics.Count);
        Assert.Equal(("graph-learning", "Graph learning"), (result.Topics[0].Id, result.Topics[0].Name));
        Assert.Equal(["graph", "gnn", "message passing"], result.Topics[0].Keywords);
        Assert.Equal(["2401.00001"], result.Topics[0].SeedPapers);
        // A topic without an id takes the slug of its name.
        Assert.Equal("quantum-computing", result.Topics[1].Id);
    }

    [Fact]
    public void A_yaml_mapping_with_a_topics_key_is_accepted_too()
    {
        var result = TopicFile.Parse("topics:\n  - id: rl\n    name: RL\n    keywords: [reward]\n");

        Assert.Equal("rl", Assert.Single(result.Topics).Id);
    }

    [Fact]
    public void A_json_file_is_read_whether_a_list_or_an_object()
    {
        var list = TopicFile.Parse("""[{"id": "cv", "name": "Vision", "keywords": ["image"], "seed_papers": []}]""", "t.json");
        var wrapped = TopicFile.Parse("""{"topics": [{"id": "cv", "name": "Vision", "keywords": ["image"]}]}""");

        Assert.Equal("cv", Assert.Single(list.Topics).Id);
        Assert.Equal("Vision", Assert.Single(wrapped.Topics).Name);
    }

    [Theory]
    [InlineData("- id: Bad_Id\n  keywords: [x]\n", "lower-case")]
    [InlineData("- id: a\n  keywords: [x]\n- id: a\n  keywords: [y]\n", "appears twice")]
    [InlineData("- id: lonely\n  name: Lonely\n", "needs keywords or seed_papers")]
    [InlineData("- id: a\n  keyword: [x]\n", "line 2")]
    [InlineData("""[{"id": "a", "keyword": ["x"]}]""", "line 1")]
    [InlineData("[]", "no topics")]
    public void Mistakes_are_reported_before_anything_is_sent(string content, string expected)
    {
        var result = TopicFile.Parse(content);

        Assert.False(result.Ok);
        Assert.Contains(result.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }
}
