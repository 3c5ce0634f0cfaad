// Builds the service's default ranker reproducibly: a fixed-seed simulation, one MMoE
// trained on all of its impressions, exported to ONNX.
using Recommender.Ranking.Features;
using Recommender.Training.Data;
using Recommender.Training.Model;
using Recommender.Training.Onnx;
using Recommender.Training.Simulation;

namespace Recommender.Training.Evaluation;

public static class DefaultModelBuilder
{
    public static readonly SimulationOptions Simulation = new(Users: 300, Days: 14, Seed: 1);

    /// <summary>Writes the model to <paramref name="path"/> and returns its version string.</summary>
    public static string Build(string path, Action<string>? log = null)
    {
        var rows = LogsToCsv.Join(new InteractionSimulator(Simulation).Run().Events);
        var model = MultiTaskTrainer.Train(MultiTaskScorer.ToTrainingData(rows),
            new TrainerOptions { Architecture = Architecture.Mmoe, Seed = Simulation.Seed, Log = log });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var metrics = new Dictionary<string, string>
        {
            ["simulation"] = $"users{Simulation.Users}-days{Simulation.Days}-seed{Simulation.Seed}",
            ["rows"] = rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["best_validation_loss"] = model.Report.BestValidationLoss.ToString("0.00000", System.Globalization.CultureInfo.InvariantCulture),
        };
        OnnxExporter.Write(model, path, new ModelMetadata(PairFeatures.SchemaVersion, Metrics: metrics));
        return OnnxExporter.ModelVersion(model);
    }
}
