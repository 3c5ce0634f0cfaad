// The interest similarity of a pair for a user of several interests: the best cosine over them.
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;

namespace Recommender.Ranking.Tests.Features;

public sealed class InterestSetTests
{
    private static readonly float[] Paper = [3f, 4f, 0f];

    [Fact]
    public void The_similarity_is_the_best_cosine_over_the_interests_whatever_their_lengths()
    {
        var set = InterestSet.Of([[0f, 0f, 7f], [2f, 0f, 0f], [0f, 0.5f, 0f]])!;

        Assert.Equal(3, set.Count);
        Assert.Equal(0.8f, set.Similarity(Paper, 5f), 5);
        Assert.Equal(VectorMath.Cosine([2f, 0f, 0f], Paper), InterestSet.Of([[0f, 0f, 7f], [2f, 0f, 0f]])!.Similarity(Paper, 5f), 5);
    }

    [Fact]
    public void Zero_interests_are_left_out_and_an_unusable_paper_scores_zero()
    {
        Assert.Null(InterestSet.Of([[0f, 0f, 0f], []]));
        var set = InterestSet.Of([[0f, 0f, 0f], [1f, 0f, 0f]])!;

        Assert.Equal(1, set.Count);
        Assert.Equal(0f, set.Similarity([0f, 0f, 0f], 0f));
        Assert.Equal(0f, set.Similarity([1f, 0f], 1f));
        Assert.Throws<ArgumentException>(() => InterestSet.Of([[1f, 0f], [1f, 0f, 0f]]));
    }

    [Fact]
    public void A_pair_feature_row_takes_the_best_interest_and_without_a_set_the_single_vector_as_before()
    {
        var paper = new PaperSignals(Paper, 0, 0f, []);
        Span<float> row = stackalloc float[PairFeatures.Count];
        var user = new UserSignals(HalfVector.Of([1f, 0f, 0f]), HalfVector.Empty, 0, new HashSet<string>());

        PairFeatures.Write(user, paper, row);
        Assert.Equal(0.6f, row[0], 5);

        PairFeatures.Write(user with { Interests = InterestSet.Of([[1f, 0f, 0f], [0f, 1f, 0f]]) }, paper, row);
        Assert.Equal(0.8f, row[0], 5);
    }
}
