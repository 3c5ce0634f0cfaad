namespace Recommender.Importers.Tests;

public sealed class ArxivAtomReaderTests
{
    [Fact]
    public void Each_atom_entry_becomes_a_paper_with_the_unversioned_id()
    {
        var papers = Fixture.Read(ImportFormat.ArxivAtom, "arxiv-atom.xml").Cast<ImportedPaper>().ToList();

        Assert.Equal(["2401.00001", "hep-th/9901001"], papers.Select(p => p.Id));
        var first = papers[0];
        Assert.Equal("Gradient Gardening: Pruning Networks by Watering the Useful Weights", first.Title);
        Assert.StartsWith("We grow sparse networks", first.Abstract);
        Assert.Equal(["Ada Example", "Bo Sample"], first.Authors);
        Assert.Equal(["cs.LG", "stat.ML"], first.Categories);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero), first.PublishedAt);
        Assert.Equal("https://arxiv.org/abs/2401.00001", first.Url);
        Assert.Equal(7, first.Line);
    }

    [Fact]
    public void A_truncated_response_yields_the_complete_entries_then_one_issue()
    {
        var entries = Fixture.Read(ImportFormat.ArxivAtom, "arxiv-atom-truncated.xml");

        Assert.Equal("2401.00001", Assert.IsType<ImportedPaper>(entries[0]).Id);
        var issue = Assert.IsType<ImportIssue>(Assert.Single(entries.Skip(1)));
        Assert.Contains("malformed XML", issue.Message);
        Assert.True(issue.Line >= 24);
    }

    [Fact]
    public void An_entry_without_a_title_is_reported_and_skipped()
    {
        const string xml = """
            <feed xmlns="http://www.w3.org/2005/Atom">
              <entry><id>http://arxiv.org/abs/2401.1v1</id><title> </title></entry>
              <entry><id>http://arxiv.org/abs/2401.2v1</id><title>Kept</title></entry>
            </feed>
            """;

        var entries = ArxivAtomReader.Read(new StringReader(xml)).ToList();

        Assert.Equal(2, Assert.IsType<ImportIssue>(entries[0]).Line);
        Assert.Equal("2401.2", Assert.IsType<ImportedPaper>(entries[1]).Id);
    }
}
