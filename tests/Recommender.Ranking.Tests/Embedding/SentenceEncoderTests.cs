using Recommender.Ranking.Embedding;
using System.Numerics.Tensors;

namespace Recommender.Ranking.Tests.Embedding;

/// <summary>One model load (~90 MB) shared by the class's tests.</summary>
public sealed class SentenceEncoderFixture : IDisposable
{
    public SentenceEncoder Encoder { get; } = new(new SentenceEncoderOptions { MaxTokens = 64, BatchSize = 3 });

    public void Dispose() => Encoder.Dispose();
}

public sealed class SentenceEncoderTests(SentenceEncoderFixture fixture) : IClassFixture<SentenceEncoderFixture>
{
    private const string GalaxyTitle = "Star formation in dwarf galaxies";
    private const string GalaxyAbstract = "We observe young stars and molecular gas clouds in nearby dwarf galaxies with a radio telescope.";

    private SentenceEncoder Encoder => fixture.Encoder;

    [Fact]
    public void Vectors_have_the_model_dimension_and_unit_length()
    {
        var vector = Encoder.Encode(GalaxyTitle, GalaxyAbstract);
        Assert.Equal(384, Encoder.Dimension);
        Assert.Equal(384, vector.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(vector), 3);
    }

    [Fact]
    public void The_same_text_gives_the_same_vector_alone_or_padded_in_a_batch()
    {
        var alone = Encoder.Encode(GalaxyTitle, GalaxyAbstract);
        var batch = Encoder.EncodeBatch([("A much longer neighbour", string.Join(' ', Enumerable.Repeat("protein folding dynamics", 20))), (GalaxyTitle, GalaxyAbstract), ("x", "")]);
        Assert.Equal(3, batch.Length);
        Assert.Equal(alone, Encoder.Encode(GalaxyTitle, GalaxyAbstract));
        // Padding is masked out, so the batched vector matches up to float rounding.
        Assert.True(VectorMath.Cosine(alone, batch[1]) > 0.9999f);
    }

    [Fact]
    public void A_paraphrase_is_closer_than_an_unrelated_paper()
    {
        var paper = Encoder.Encode(GalaxyTitle, GalaxyAbstract);
        var paraphrase = Encoder.Encode("How small galaxies make new stars", "Radio observations of cold gas and stellar nurseries in low-mass galaxies near the Milky Way.");
        var unrelated = Encoder.Encode("Lock-free queues for multicore servers", "We design a concurrent queue with atomic compare-and-swap and measure its throughput on many cores.");
        Assert.True(VectorMath.Cosine(paper, paraphrase) > VectorMath.Cosine(paper, unrelated) + 0.05f);
    }

    [Fact]
    public void Tokens_are_framed_by_cls_and_sep_and_cut_to_the_configured_length()
    {
        var ids = Encoder.Tokenize("Title", string.Join(' ', Enumerable.Repeat("galaxy", 500)));
        Assert.Equal(64, ids.Count);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
        var shortIds = Encoder.Tokenize("Dwarf galaxies", "");
        Assert.Equal(101, shortIds[0]);
        Assert.Equal(102, shortIds[^1]);
        Assert.True(shortIds.Count is > 3 and < 10);
    }

    [Fact]
    public void The_name_carries_the_truncation_length_because_it_changes_the_vectors()
    {
        Assert.Equal("arctic-xs-v1-t64", Encoder.Name);
        Assert.NotEqual(new HashedTextEncoder().Name, Encoder.Name);
    }

    [Fact]
    public void Settings_out_of_range_are_refused_with_the_setting_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SentenceEncoder(new SentenceEncoderOptions { MaxTokens = 600 }));
        Assert.Equal("MaxTokens", error.ParamName);
    }
}
