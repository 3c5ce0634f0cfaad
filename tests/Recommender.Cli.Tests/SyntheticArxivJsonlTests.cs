using Recommender.Importers;
using Recommender.Training.Simulation;

namespace Recommender.Cli.Tests;

public sealed class SyntheticArxivJsonlTests
{
    [Fact]
    public void Generated_records_read_back_through_the_arxiv_jsonl_reader_without_issues()
    {
        var text = string.Join('\n', SyntheticArxivJsonl.Lines(200, seed: 8));

        var entries = ArxivJsonlReader.Read(new StringReader(text)).ToList();

        Assert.Empty(entries.OfType<ImportIssue>());
        var papers = entries.Cast<ImportedPaper>().ToList();
        Assert.Equal(200, papers.Select(p => p.Id).Distinct().Count());
        Assert.All(papers, p =>
        {
            Assert.NotEmpty(p.Title);
            Assert.NotEmpty(p.Abstract);
            Assert.NotEmpty(p.Authors);
            Assert.NotEmpty(p.Categories);
            Assert.NotNull(p.PublishedAt);
        });
    }

    [Fact]
    public void The_same_seed_generates_the_same_lines_and_another_seed_other_papers()
    {
        Assert.Equal(SyntheticArxivJsonl.Lines(20, seed: 1), SyntheticArxivJsonl.Lines(20, seed: 1));
        Assert.NotEqual(SyntheticArxivJsonl.Lines(1, seed: 1), SyntheticArxivJsonl.Lines(1, seed: 2));
    }

    [Fact]
    public void A_large_run_dates_every_record_in_the_past_so_the_server_accepts_them_all()
    {
        var lines = SyntheticArxivJsonl.Lines(100_000, seed: 3);

        var last = (ImportedPaper)ArxivJsonlReader.Parse(lines.Last(), 100_000);

        Assert.True(last.PublishedAt < DateTimeOffset.UtcNow);
    }
}
