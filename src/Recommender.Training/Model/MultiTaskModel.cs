// A trained multi-task network plus everything needed to use and export it: feature names,
// tasks, normalization and training provenance.
namespace Recommender.Training.Model;

public sealed class MultiTaskModel
{
    internal MultiTaskModel(Network network, double[] parameters, IReadOnlyList<string> featureNames, IReadOnlyList<TaskSpec> tasks,
        float[] mean, float[] std, TrainingReport report)
    {
        Network = network;
        Parameters = parameters;
        FeatureNames = featureNames;
        Tasks = tasks;
        Mean = mean;
        Std = std;
        Report = report;
    }

    public Network Network { get; }

    /// <summary>Flat parameter vector in <see cref="Network"/> layout (values are float-representable).</summary>
    public double[] Parameters { get; }

    public IReadOnlyList<string> FeatureNames { get; }
    public IReadOnlyList<TaskSpec> Tasks { get; }

    /// <summary>Per-feature training mean; the model sees (x − Mean) / Std.</summary>
    public float[] Mean { get; }

    public float[] Std { get; }
    public TrainingReport Report { get; }
    public Architecture Architecture => Network.Architecture;
    public int FeatureCount => FeatureNames.Count;
    public int TaskCount => Tasks.Count;

    /// <summary>Scores raw (unnormalized) rows: rows × tasks, probabilities for binary tasks, values for real tasks.</summary>
    public float[] Predict(float[] features, int rows)
    {
        if (features.Length < rows * FeatureCount)
        {
            throw new ArgumentException($"Need {rows * FeatureCount} feature values for {rows} rows, got {features.Length}.", nameof(features));
        }
        var result = new float[rows * TaskCount];
        var ws = Network.CreateWorkspace();
        var x = new double[FeatureCount];
        for (var r = 0; r < rows; r++)
        {
            Normalize(features.AsSpan(r * FeatureCount, FeatureCount), x);
            Network.Forward(Parameters, x, ws);
            for (var t = 0; t < TaskCount; t++)
            {
                var o = ws.Outputs[t];
                result[r * TaskCount + t] = (float)(Tasks[t].Kind == TaskKind.Binary ? Layers.Sigmoid(o) : o);
            }
        }
        return result;
    }

    /// <summary>Combined ranking score per row: Σ_t CombineWeight_t · output_t (outputs as from <see cref="Predict"/>).</summary>
    public float[] Combine(float[] taskScores, int rows)
    {
        var combined = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var s = 0f;
            for (var t = 0; t < TaskCount; t++)
            {
                s += Tasks[t].CombineWeight * taskScores[r * TaskCount + t];
            }
            combined[r] = s;
        }
        return combined;
    }

    internal void Normalize(ReadOnlySpan<float> raw, Span<double> x)
    {
        for (var i = 0; i < FeatureCount; i++)
        {
            // Same order of float operations as the exported graph (Sub then Div), so ONNX matches.
            x[i] = (raw[i] - Mean[i]) / Std[i];
        }
    }
}

/// <summary>What happened in training, for provenance and reports.</summary>
public sealed record TrainingReport(int EpochsRun, int BestEpoch, double BestValidationLoss, IReadOnlyList<double> ValidationLossByEpoch,
    int TrainRows, int ValidationRows, int Seed, string DataSha256);
