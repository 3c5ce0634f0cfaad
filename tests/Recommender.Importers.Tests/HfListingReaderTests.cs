namespace Recommender.Importers.Tests;

public sealed class HfListingReaderTests
{
    [Fact]
    public void Every_block_of_a_listing_page_becomes_a_paper_and_the_header_is_skipped()
    {
        var entries = Fixture.Read(ImportFormat.HfListing, "listing.txt");

        var papers = entries.OfType<ImportedPaper>().ToList();
        Assert.Empty(entries.OfType<ImportIssue>());
        Assert.Equal(3, papers.Count);
        Assert.Equal("Tidal Routing: Sharing Experts Across Tasks Without Forgetting", papers[0].Title);
        Assert.StartsWith("We study how a pool", papers[0].Abstract);
        Assert.Equal(13, papers[0].Line);
        Assert.Null(papers[0].Id);
    }

    [Fact]
    public void Author_count_date_with_a_year_and_upvotes_are_read_from_the_metadata_lines()
    {
        var papers = Fixture.Read(ImportFormat.HfListing, "listing.txt", year: 2025).OfType<ImportedPaper>().ToList();

        Assert.Equal(6, papers[0].AuthorCount);
        Assert.Equal(new DateTimeOffset(2023, 6, 19, 0, 0, 0, TimeSpan.Zero), papers[0].PublishedAt);
        Assert.Equal(0, papers[0].Upvotes);
        Assert.Equal(3, papers[1].AuthorCount);
        Assert.Equal(new DateTimeOffset(2025, 7, 28, 0, 0, 0, TimeSpan.Zero), papers[1].PublishedAt);
        Assert.Equal(4, papers[1].Upvotes);
    }

    [Fact]
    public void A_block_without_a_date_takes_the_page_date_in_the_reference_year()
    {
        var paper = Fixture.Read(ImportFormat.HfListing, "listing.txt", year: 2024).OfType<ImportedPaper>().Last();

        Assert.Equal(new DateTimeOffset(2024, 3, 13, 0, 0, 0, TimeSpan.Zero), paper.PublishedAt);
        Assert.Equal(0, paper.AuthorCount);
    }

    [Fact]
    public void A_block_missing_its_abstract_is_reported_with_its_line_and_the_next_block_is_read()
    {
        var entries = Fixture.Read(ImportFormat.HfListing, "listing-missing-abstract.txt", year: 2023);

        var issue = Assert.Single(entries.OfType<ImportIssue>());
        Assert.Equal(3, issue.Line);
        Assert.Contains("no abstract", issue.Message);
        var paper = Assert.Single(entries.OfType<ImportedPaper>());
        Assert.Equal("Second Paper Survives The Broken First One", paper.Title);
        Assert.Equal(1, paper.AuthorCount);
        Assert.Equal(7, paper.Upvotes);
        // 2023 has no February 29th: the day is clamped rather than the paper lost.
        Assert.Equal(new DateTimeOffset(2023, 2, 28, 0, 0, 0, TimeSpan.Zero), paper.PublishedAt);
    }

    [Fact]
    public void Two_titles_in_a_row_report_the_first_as_missing_its_abstract()
    {
        var text = "First Title Alone\n\nSecond Title\n\n" + new string('x', 30) + " " + string.Join(' ', Enumerable.Repeat("word", 50)) + ".\n";

        var entries = HfListingReader.Read(new StringReader(text), 2025).ToList();

        Assert.Equal(1, Assert.Single(entries.OfType<ImportIssue>()).Line);
        Assert.Equal("Second Title", Assert.Single(entries.OfType<ImportedPaper>()).Title);
    }

    [Fact]
    public void A_title_at_the_end_of_the_input_is_reported_not_lost_silently()
    {
        var entries = HfListingReader.Read(new StringReader("Mar 1\n\nDangling Title\n"), 2025).ToList();

        Assert.Equal(3, Assert.Single(entries.OfType<ImportIssue>()).Line);
    }
}
