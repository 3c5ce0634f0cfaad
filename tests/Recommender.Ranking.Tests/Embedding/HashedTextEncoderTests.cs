using Recommender.Ranking.Embedding;
using Recommender.Training.Simulation;

namespace Recommender.Ranking.Tests.Embedding;

public sealed class HashedTextEncoderTests
{
    private readonly HashedTextEncoder encoder = new();

    [Fact]
    public void Vectors_are_unit_length_and_the_same_text_gives_the_same_vector()
    {
        var a = encoder.Encode("Sparse attention for long documents", "We study attention over long inputs.");
        var b = encoder.Encode("Sparse attention for long documents", "We study attention over long inputs.");
        Assert.Equal(a, b);
        Assert.Equal(1f, MathF.Sqrt(a.Sum(x => x * x)), 4);
    }

    [Fact]
    public void Papers_of_one_theme_are_closer_to_each_other_than_to_papers_of_other_themes()
    {
        var papers = SyntheticCorpus.Generate(400, seed: 5).ToArray();
        var vectors = papers.Select(p => encoder.Encode(p.Title, p.Abstract)).ToArray();
        double same = 0, other = 0;
        int sameCount = 0, otherCount = 0;
        for (var i = 0; i < 100; i++)
        {
            for (var j = i + 1; j < 100; j++)
            {
                var similarity = VectorMath.Cosine(vectors[i], vectors[j]);
                if (papers[i].Theme == papers[j].Theme)
                {
                    same += similarity;
                    sameCount++;
                }
                else
                {
                    other += similarity;
                    otherCount++;
                }
            }
        }
        Assert.True(same / sameCount > 2 * (other / otherCount), $"same-theme {same / sameCount:0.000}, other {other / otherCount:0.000}");
    }

    [Fact]
    public void Stop_words_alone_encode_to_a_zero_vector()
    {
        Assert.All(encoder.Encode("The and of", "we propose a novel method"), x => Assert.Equal(0f, x));
    }
}
