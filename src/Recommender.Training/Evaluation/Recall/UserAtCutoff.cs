// What the service would know of a simulated user when the test period ends: the interest and hidden
// vectors rebuilt from the training logs as the simulator's service model moves them, and the papers already seen.
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Training.Data;
using Recommender.Training.Simulation;

namespace Recommender.Training.Evaluation.Recall;

public sealed class UserAtCutoff
{
    private UserAtCutoff(SimulatedUser user) => User = user;

    public SimulatedUser User { get; }

    public float[] Interest { get; private set; } = [];

    public float[] Negative { get; private set; } = [];

    public int Positives { get; private set; }

    /// <summary>Papers shown to the user in training: the service never offers them again.</summary>
    public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

    /// <summary>Replays the user's training rows in time order: a positive label moves the interest 0.2 toward the paper, a hide moves the negative vector 0.3.</summary>
    public static UserAtCutoff Replay(SimulatedUser user, IEnumerable<LabeledImpression> train, IReadOnlyList<RecallPaper> papers, IReadOnlyDictionary<string, int> byId)
    {
        var state = new UserAtCutoff(user);
        foreach (var row in train.OrderBy(r => r.Ts))
        {
            state.Seen.Add(row.PaperId);
            var vector = papers[byId[row.PaperId]].Vector;
            for (var kind = 0; kind < row.Labels.Length; kind++)
            {
                if (!row.Labels[kind])
                {
                    continue;
                }
                if (kind == LabeledImpression.Hide)
                {
                    state.Negative = VectorMath.MoveToward(state.Negative, vector, 0.3f);
                }
                else
                {
                    state.Interest = VectorMath.MoveToward(state.Interest, vector, 0.2f);
                    state.Positives++;
                }
            }
        }
        return state;
    }

    /// <summary>
    /// The pair's features as the simulator writes them (topic similarity to the paper's own theme, age drawn
    /// uniformly in [0, 3) days); the labels are unknown here and left false (the metrics read the test logs instead).
    /// </summary>
    public LabeledImpression Row(SyntheticPaper paper, RecallPaper recall, IReadOnlyList<(string TopicId, float[] Vector)> topics, Random random)
    {
        var followed = User.FollowedTopic is { } t ? new HashSet<string> { t } : new HashSet<string>();
        var theme = topics[paper.Theme];
        var signals = new PaperSignals(recall.Vector, paper.Upvotes, (float)(random.NextDouble() * 3),
            [new TopicSimilarity(theme.TopicId, Math.Max(0f, VectorMath.Cosine(recall.Vector, theme.Vector)))]);
        var row = new float[PairFeatures.Count];
        PairFeatures.Write(new UserSignals(Interest, Negative, Positives, followed), signals, row);
        return new LabeledImpression(User.Id, paper.Id, SimulationResult.Origin, row, new bool[LogEvent.Kinds.Count]);
    }
}
