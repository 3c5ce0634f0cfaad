using Recommender.Cli.Topics;
using Recommender.Ranking.Embedding;
using Recommender.Training.Simulation;

namespace Recommender.Cli.Tests;

public sealed class TopicDiscoveryTests
{
    private static List<CatalogPaper> Catalog(int count)
    {
        var encoder = new HashedTextEncoder(256);
        return SyntheticCorpus.Generate(count, seed: 4)
            .Select(p => new CatalogPaper(p.Id, p.Title, p.Abstract, encoder.Encode(p.Title, p.Abstract)))
            .ToList();
    }

    [Fact]
    public void Synthetic_themes_come_back_as_topics_labelled_with_their_own_vocabulary()
    {
        var papers = Catalog(400);
        var themeOf = SyntheticCorpus.Generate(400, seed: 4).ToDictionary(p => p.Id, p => p.Theme);

        var topics = TopicDiscovery.Discover(papers, k: SyntheticCorpus.Themes.Count, seed: 1);

        Assert.Equal(SyntheticCorpus.Themes.Count, topics.Count);
        Assert.Equal(400, topics.Sum(t => t.Size));
        // Most topics are pure enough that their examples share one theme and their top
        // term belongs to that theme's vocabulary.
        var coherent = topics.Count(t =>
            t.Examples.Select(e => themeOf[e.Id]).Distinct().Count() == 1
            && SyntheticCorpus.Themes[themeOf[t.Examples[0].Id]].Words.Contains(t.TopTerms[0]));
        Assert.True(coherent >= topics.Count - 1, $"only {coherent} of {topics.Count} topics are coherent");
        Assert.Equal(topics.Count, topics.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void Discovery_is_deterministic_for_a_seed()
    {
        var papers = Catalog(120);

        var first = TopicDiscovery.Discover(papers, k: 4, seed: 9);
        var second = TopicDiscovery.Discover(papers, k: 4, seed: 9);

        Assert.Equal(first.Select(t => (t.Id, t.Size)), second.Select(t => (t.Id, t.Size)));
    }
}
