namespace Recommender.Importers.Tests;

public sealed class ArxivJsonlReaderTests
{
    [Fact]
    public void A_snapshot_record_maps_to_a_paper_with_id_url_authors_categories_and_first_version_date()
    {
        var paper = Fixture.Read(ImportFormat.ArxivJsonl, "arxiv.jsonl").OfType<ImportedPaper>().First();

        Assert.Equal("2401.00001", paper.Id);
        Assert.Equal("Gradient Gardening: Pruning Networks by Watering the Useful Weights", paper.Title);
        Assert.Equal("We grow sparse networks by rewarding weights that carry signal and letting the rest wither.", paper.Abstract);
        Assert.Equal(["Ada Example", "Bo Sample", "Cy Placeholder"], paper.Authors);
        Assert.Equal(3, paper.AuthorCount);
        Assert.Equal(["cs.LG", "stat.ML"], paper.Categories);
        Assert.Equal("https://arxiv.org/abs/2401.00001", paper.Url);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero), paper.PublishedAt);
        Assert.Equal(1, paper.Line);
    }

    [Fact]
    public void A_versioned_id_is_reduced_to_the_paper_id_and_update_date_stands_in_for_missing_versions()
    {
        var paper = Fixture.Read(ImportFormat.ArxivJsonl, "arxiv.jsonl").OfType<ImportedPaper>().Single(p => p.Line == 2);

        Assert.Equal("2401.00002", paper.Id);
        Assert.Equal(new DateTimeOffset(2024, 2, 10, 0, 0, 0, TimeSpan.Zero), paper.PublishedAt);
    }

    [Fact]
    public void Bad_json_and_records_without_an_id_are_reported_by_line_and_skipped()
    {
        var entries = Fixture.Read(ImportFormat.ArxivJsonl, "arxiv.jsonl");

        var issues = entries.OfType<ImportIssue>().ToList();
        Assert.Equal([3L, 4L], issues.Select(i => i.Line));
        Assert.Contains("bad JSON", issues[0].Message);
        Assert.Contains("id", issues[1].Message);
        Assert.Equal([1L, 2L, 5L], entries.OfType<ImportedPaper>().Select(p => p.Line));
    }

    [Fact]
    public void A_line_cut_off_at_the_end_of_a_truncated_file_is_one_issue()
    {
        var text = "{\"id\": \"1\", \"title\": \"Whole\"}\n{\"id\": \"2\", \"tit";

        var entries = ArxivJsonlReader.Read(new StringReader(text)).ToList();

        Assert.Single(entries.OfType<ImportedPaper>());
        Assert.Equal(2, Assert.Single(entries.OfType<ImportIssue>()).Line);
    }

    [Fact]
    public void The_reader_is_lazy_so_a_huge_input_is_never_held_at_once()
    {
        var entries = ArxivJsonlReader.Read(new EndlessReader());

        Assert.Equal(1000, entries.Take(1000).OfType<ImportedPaper>().Count());
    }

    // Produces records forever: a reader that buffered the input would never return.
    private sealed class EndlessReader : TextReader
    {
        private long _next;

        public override string ReadLine() => $"{{\"id\": \"{_next++}\", \"title\": \"Paper {_next}\"}}";
    }
}
