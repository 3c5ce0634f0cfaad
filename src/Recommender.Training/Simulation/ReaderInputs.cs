// What the service knows of a reader, derived from the reader's own signals by the service's rules (Ranking's
// InterestWeights and InterestClusters): the mean and negative vectors and the several interests. The simulator
// scores the logged features with it and the offline replay rebuilds it, so training sees the feature as served.
using Recommender.Ranking.Clustering;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Training.Data;

namespace Recommender.Training.Simulation;

public sealed class ReaderInputs(InterestClustering clustering)
{
    public ReaderInputs() : this(InterestClustering.Default)
    {
    }

    /// <summary>The mean interest: serves alone until one of <see cref="Interests"/> gathered enough.</summary>
    public float[] Interest { get; private set; } = [];

    public float[] Negative { get; private set; } = [];

    /// <summary>Clicks, upvotes and saves taken in.</summary>
    public int Positives { get; private set; }

    public IReadOnlyList<InterestGroup> Interests { get; private set; } = [];

    /// <summary>A seed paper, as the service takes one in when a user is created from papers.</summary>
    public void Seed(float[] vector) => TakeIn(vector, InterestWeights.Seed);

    /// <summary>One feedback event of <paramref name="kind"/> (a <see cref="LabeledImpression"/> label index) on a paper.</summary>
    public void Feedback(int kind, float[] vector)
    {
        if (kind == LabeledImpression.Hide)
        {
            TakeIn(vector, InterestWeights.Hide);
            Negative = VectorMath.MoveToward(Negative, vector, InterestWeights.Negative);
            return;
        }
        TakeIn(vector, kind switch
        {
            LabeledImpression.Click => InterestWeights.Click,
            LabeledImpression.Upvote => InterestWeights.Upvote,
            LabeledImpression.Save => InterestWeights.Save,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a feedback kind."),
        });
        Positives++;
    }

    /// <summary>How many of <see cref="Interests"/> serve recall and scoring (gathered the service's minimum weight).</summary>
    public int ServingInterests => Interests.Count(g => g.Weight >= InterestClusters.MinWeight);

    /// <summary>The vectors recall by interest probes with, heaviest first (the service's rule).</summary>
    public IReadOnlyList<float[]> RecallVectors => InterestClusters.ForRecall(Interests, Interest);

    /// <summary>The user's side of the pair features, as the service scores them: the best cosine over the interests.</summary>
    public UserSignals Signals(IReadOnlySet<string> followed) =>
        new(HalfVector.Of(Interest), HalfVector.Of(Negative), Positives, followed) { Interests = InterestClusters.ForScoring(Interests) };

    // The mean moves with every signal (a hide pushes it away); the several interests take positive weights only.
    private void TakeIn(float[] vector, float weight)
    {
        Interest = VectorMath.MoveToward(Interest, vector, weight);
        if (InterestClusters.TryAdd(Interests, vector, weight, clustering, out var interests))
        {
            Interests = interests;
        }
    }
}
