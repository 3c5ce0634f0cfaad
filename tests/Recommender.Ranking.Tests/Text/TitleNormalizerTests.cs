using Recommender.Ranking.Text;

namespace Recommender.Ranking.Tests.Text;

public sealed class TitleNormalizerTests
{
    [Fact]
    public void Case_accents_and_punctuation_do_not_change_the_normalized_title()
    {
        Assert.Equal("naive bayes at scale", TitleNormalizer.Normalize("  Naïve-Bayes, at SCALE!  "));
    }

    [Fact]
    public void Titles_that_normalize_alike_derive_the_same_id_and_others_do_not()
    {
        Assert.Equal(TitleNormalizer.DeriveId("Graph Nets: A Survey"), TitleNormalizer.DeriveId("graph nets a survey"));
        Assert.NotEqual(TitleNormalizer.DeriveId("Graph Nets: A Survey"), TitleNormalizer.DeriveId("Graph Nets: A Review"));
        Assert.StartsWith("t-", TitleNormalizer.DeriveId("x"));
    }
}
