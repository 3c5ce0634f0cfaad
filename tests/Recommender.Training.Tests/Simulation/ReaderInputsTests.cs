// What the simulator and the replay know of a reader follows the service's rules: the seed opens an interest at
// once, feedback adds weight by its kind, a stray click takes no share, and a hide feeds the negative vector only.
using Recommender.Ranking.Clustering;
using Recommender.Ranking.Embedding;
using Recommender.Training.Data;
using Recommender.Training.Simulation;

namespace Recommender.Training.Tests.Simulation;

public sealed class ReaderInputsTests
{
    private static readonly float[] X = [1f, 0f, 0f];
    private static readonly float[] Y = [0f, 1f, 0f];

    [Fact]
    public void A_seed_serves_at_once_and_another_theme_serves_once_it_gathered_the_services_minimum()
    {
        var reader = new ReaderInputs();
        reader.Seed(X);
        reader.Feedback(LabeledImpression.Click, Y);

        Assert.Equal([X], reader.RecallVectors);
        Assert.Equal(InterestWeights.Click, reader.Interests.Single(g => g.Vector[1] > 0.9f).Weight);

        reader.Feedback(LabeledImpression.Save, Y);

        Assert.Equal(2, reader.RecallVectors.Count);
        Assert.Equal(2, reader.Signals(new HashSet<string>()).Interests!.Count);
        Assert.Equal(2, reader.Positives);
    }

    [Fact]
    public void A_hide_moves_the_negative_vector_and_pushes_the_mean_away_but_opens_no_interest()
    {
        var reader = new ReaderInputs();
        reader.Seed(X);
        reader.Feedback(LabeledImpression.Hide, Y);

        Assert.Single(reader.Interests);
        Assert.Equal(Y, reader.Negative);
        Assert.True(reader.Interest[1] < 0f);
        Assert.Equal(0, reader.Positives);
    }

    [Fact]
    public void With_several_interests_off_the_mean_serves_alone()
    {
        var reader = new ReaderInputs(new InterestClustering(1, 0.35f));
        reader.Seed(X);
        reader.Feedback(LabeledImpression.Save, Y);

        Assert.Empty(reader.Interests);
        Assert.Null(reader.Signals(new HashSet<string>()).Interests);
        Assert.Equal(VectorMath.MoveToward(X, Y, InterestWeights.Save), Assert.Single(reader.RecallVectors));
    }
}
