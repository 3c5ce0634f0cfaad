// What the service would know of a simulated user when the test period ends: the mean, hidden and several
// interest vectors rebuilt from the seed paper and the training logs by the service's rules (ReaderInputs), and the papers already seen.
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Training.Data;
using Recommender.Training.Simulation;

namespace Recommender.Training.Evaluation.Recall;

public sealed class UserAtCutoff
{
    private UserAtCutoff(SimulatedUser user) => User = user;

    public SimulatedUser User { get; }

    /// <summary>The user's vectors as the service derives them from the training logs.</summary>
    public ReaderInputs Inputs { get; } = new();

    /// <summary>Papers shown to the user in training: the service never offers them again.</summary>
    public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

    /// <summary>Takes in the user's seed paper, then replays the user's training rows in time order, each label as the service takes that feedback in.</summary>
    public static UserAtCutoff Replay(SimulatedUser user, IEnumerable<LabeledImpression> train, IReadOnlyList<RecallPaper> papers, IReadOnlyDictionary<string, int> byId)
    {
        var state = new UserAtCutoff(user);
        if (user.Seed.Length > 0)
        {
            state.Inputs.Seed(user.Seed);
        }
        foreach (var row in train.OrderBy(r => r.Ts))
        {
            state.Seen.Add(row.PaperId);
            var vector = papers[byId[row.PaperId]].Vector;
            for (var kind = 0; kind < row.Labels.Length; kind++)
            {
                if (row.Labels[kind])
                {
                    state.Inputs.Feedback(kind, vector);
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
        PairFeatures.Write(Inputs.Signals(followed), signals, row);
        return new LabeledImpression(User.Id, paper.Id, SimulationResult.Origin, row, new bool[LogEvent.Kinds.Count]);
    }
}
