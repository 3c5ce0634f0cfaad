using Recommender.Training.Evaluation.Themes;

namespace Recommender.Training.Tests;

public sealed class ThemeCheckTests
{
    [Fact]
    public void The_fixture_gives_every_page_the_asked_number_of_papers_and_the_same_papers_for_the_same_seed()
    {
        var papers = ThemeCorpus.Generate(perPage: 30, seed: 4);

        Assert.True(papers.Select(p => p.Page).Distinct().Count() >= 4);
        Assert.All(papers.GroupBy(p => p.Page), page => Assert.Equal(30, page.Count()));
        Assert.Equal(papers.Count, papers.Select(p => p.Id).Distinct().Count());
        Assert.Equal(papers, ThemeCorpus.Generate(perPage: 30, seed: 4));
        Assert.NotEqual(papers.Select(p => p.Abstract), ThemeCorpus.Generate(perPage: 30, seed: 5).Select(p => p.Abstract));
    }

    [Fact]
    public void A_method_that_knows_the_pages_scores_one_and_a_method_blind_to_the_text_scores_one_page_in_pages()
    {
        var papers = ThemeCorpus.Generate(perPage: 16, seed: 2, pages: 3);
        var pages = papers.Select(p => p.Page).Distinct().ToList();
        float[] OneHot(int index) => Enumerable.Range(0, pages.Count).Select(i => i == index ? 1f : 0f).ToArray();
        var oracle = new ThemeMethod("oracle", ps => ps.Select(p => OneHot(pages.IndexOf(p.Page))).ToArray());
        // Every paper alike: ties fall to catalogue order, so the top 10 is always the first page's.
        var blind = new ThemeMethod("blind", ps => ps.Select(_ => new[] { 1f, 0f }).ToArray());

        var result = ThemeCheck.Run(papers, [oracle, blind, ThemeMethods.TfIdf()], drawsPerPage: 10, seed: 3);

        Assert.All(result.Methods[0].ShareByPage.Values, share => Assert.Equal(1.0, share));
        Assert.Equal(1.0, result.Methods[1].ShareByPage[pages[0]]);
        Assert.All(pages.Skip(1), page => Assert.Equal(0.0, result.Methods[1].ShareByPage[page]));
        Assert.Equal(1.0 / pages.Count, result.Methods[1].MeanShare, 6);
        Assert.InRange(result.Methods[2].MeanShare, 0.5, 1.0);
        Assert.Equal(10, result.Draws);
        Assert.Equal(16, result.PapersPerPage);
    }

    [Fact]
    public void A_page_too_small_for_five_seeds_and_a_top_ten_is_refused()
    {
        var papers = ThemeCorpus.Generate(perPage: 14, seed: 1, pages: 2);
        Assert.Throws<ArgumentException>(() => ThemeCheck.Run(papers, [ThemeMethods.TfIdf()], drawsPerPage: 2));
    }
}

public sealed class ThemeCheckServiceInterestsTests
{
    [Fact]
    public void Scored_as_the_service_scores_a_page_of_two_strands_beats_a_page_lying_between_them_that_wins_the_centroid()
    {
        // The first page's papers alternate between two orthogonal strands; the second page lies on the diagonal,
        // where the centroid of the first page's seeds points, so the centroid ranks the second page first.
        var papers = ThemeCorpus.Generate(perPage: 16, seed: 2, pages: 2);
        var pages = papers.Select(p => p.Page).Distinct().ToList();
        var diagonal = MathF.Sqrt(0.5f);
        var strands = new ThemeMethod("strands", ps => ps.Select(p =>
            p.Page == pages[0] ? (ps.Where(q => q.Page == p.Page).ToList().IndexOf(p) % 2 == 0 ? new[] { 1f, 0f } : [0f, 1f]) : [diagonal, diagonal]).ToArray());

        var result = ThemeCheck.Run(papers, [strands, strands with { ServiceInterests = true }], drawsPerPage: 10, seed: 3);

        var (centroid, service) = (result.Methods[0].ShareByPage, result.Methods[1].ShareByPage);
        Assert.True(service[pages[0]] > centroid[pages[0]] + 0.5, $"{service[pages[0]]} against {centroid[pages[0]]}");
        Assert.Equal(1.0, service[pages[1]]);
    }
}
