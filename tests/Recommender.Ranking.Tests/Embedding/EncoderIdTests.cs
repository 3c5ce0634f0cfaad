using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;

namespace Recommender.Ranking.Tests.Embedding;

public sealed class EncoderIdTests
{
    private static readonly float[] Vector = new HashedTextEncoder().Encode("Dwarf galaxies", "Star formation in small galaxies.");

    private static float[] Row(string userEncoder, string paperEncoder)
    {
        var user = new UserSignals(HalfVector.Of(Vector), HalfVector.Of(Vector), 1, new HashSet<string>(), userEncoder);
        var paper = new PaperSignals(Vector, 3, 1f, [], paperEncoder);
        var row = new float[PairFeatures.Count];
        PairFeatures.Write(user, paper, row);
        return row;
    }

    [Fact]
    public void Similarities_between_vectors_of_two_encoders_count_as_zero_and_those_of_one_encoder_are_computed()
    {
        var interest = PairFeatures.Names.ToList().IndexOf("interest_similarity");
        var negative = PairFeatures.Names.ToList().IndexOf("negative_similarity");

        var same = Row("hashed-tf-v1-d256", "hashed-tf-v1-d256");
        var mixed = Row("hashed-tf-v1-d256", "arctic-xs-v1-t256");

        Assert.Equal(1f, same[interest], 3);
        Assert.Equal(1f, same[negative], 3);
        Assert.Equal(0f, mixed[interest]);
        Assert.Equal(0f, mixed[negative]);
    }

    [Fact]
    public void An_unknown_encoder_name_is_refused_and_the_known_ones_are_listed()
    {
        var error = Assert.Throws<ArgumentException>(() => PaperEncoders.Create("word2vec"));
        Assert.Contains("Recommender:Encoder", error.Message);
        Assert.Contains("hashed", error.Message);
        Assert.Contains("arctic-xs", error.Message);
        Assert.Equal("hashed-tf-v1-d256", PaperEncoders.Create("hashed").Name);
    }
}
