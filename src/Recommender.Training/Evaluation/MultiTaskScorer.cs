// Adapts the multi-task trainer (shared-bottom or MMoE) to the evaluation: one network
// predicting the four heads from PairFeatures.
using Recommender.Ranking.Features;
using Recommender.Training.Data;
using Recommender.Training.Model;

namespace Recommender.Training.Evaluation;

public sealed class MultiTaskScorer(TrainerOptions options) : IHeadScorer
{
    public MultiTaskModel? Model { get; private set; }

    public string Name => options.Architecture == Architecture.Mmoe ? $"MMoE ({options.Experts} experts)" : "shared-bottom";

    /// <summary>The four heads, hide with a negative combine weight.</summary>
    public static IReadOnlyList<TaskSpec> Tasks { get; } = LogEvent.Kinds
        .Select(k => new TaskSpec(k, TaskKind.Binary, CombineWeight: TaskSpec.DefaultCombineWeight(k))).ToList();

    public static TrainingData ToTrainingData(IReadOnlyList<LabeledImpression> rows) => new(
        PairFeatures.Names, Tasks,
        rows.SelectMany(r => r.Features).ToArray(),
        rows.SelectMany(r => r.Labels.Select(l => l ? 1f : 0f)).ToArray());

    public void Fit(IReadOnlyList<LabeledImpression> train) => Model = MultiTaskTrainer.Train(ToTrainingData(train), options);

    public double[][] Predict(IReadOnlyList<LabeledImpression> test)
    {
        var model = Model ?? throw new InvalidOperationException("Fit first.");
        var scores = model.Predict(test.SelectMany(r => r.Features).ToArray(), test.Count);
        return Enumerable.Range(0, test.Count)
            .Select(i => Enumerable.Range(0, model.TaskCount).Select(t => (double)scores[i * model.TaskCount + t]).ToArray())
            .ToArray();
    }
}
