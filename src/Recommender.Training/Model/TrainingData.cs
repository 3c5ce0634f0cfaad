// Row-major features and labels for multi-task training; NaN labels mean "not observed".
namespace Recommender.Training.Model;

public sealed class TrainingData
{
    public TrainingData(IReadOnlyList<string> featureNames, IReadOnlyList<TaskSpec> tasks, float[] features, float[] labels)
    {
        if (featureNames.Count == 0 || tasks.Count == 0)
        {
            throw new ArgumentException("Training data needs at least one feature and one task.");
        }
        if (features.Length % featureNames.Count != 0)
        {
            throw new ArgumentException($"Feature array length {features.Length} is not a multiple of {featureNames.Count} features.");
        }
        Rows = features.Length / featureNames.Count;
        if (labels.Length != Rows * tasks.Count)
        {
            throw new ArgumentException($"Expected {Rows * tasks.Count} labels ({Rows} rows × {tasks.Count} tasks), got {labels.Length}.");
        }
        FeatureNames = featureNames;
        Tasks = tasks;
        Features = features;
        Labels = labels;
    }

    public IReadOnlyList<string> FeatureNames { get; }
    public IReadOnlyList<TaskSpec> Tasks { get; }

    /// <summary>Rows × features, row-major.</summary>
    public float[] Features { get; }

    /// <summary>Rows × tasks, row-major; NaN = label missing for that row.</summary>
    public float[] Labels { get; }

    public int Rows { get; }
    public int FeatureCount => FeatureNames.Count;
    public int TaskCount => Tasks.Count;
}
