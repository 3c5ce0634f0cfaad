// `recommender train`: fits a multi-task model on a CSV file and exports it as ONNX.
using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Recommender.Ranking.Features;
using Recommender.Training.Data;
using Recommender.Training.Model;
using Recommender.Training.Onnx;

namespace Recommender.Cli.Commands.Model;

internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Training CSV (header row; label columns plus numeric features).", Required = true };
        var labels = new Option<string[]>("--label") { Description = "Label column as NAME[:bce|:mse] (default bce); repeat for several tasks.", Required = true };
        var arch = new Option<string>("--arch") { Description = "shared-bottom or mmoe.", Required = true };
        var experts = new Option<int>("--experts") { Description = "Experts (mmoe).", DefaultValueFactory = _ => 4 };
        var expertUnits = new Option<int>("--expert-units") { Description = "Units per expert / shared bottom.", DefaultValueFactory = _ => 16 };
        var towerUnits = new Option<int>("--tower-units") { Description = "Units per task tower.", DefaultValueFactory = _ => 8 };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs (early stopping may end sooner).", DefaultValueFactory = _ => 30 };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 0.003f };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 128 };
        var seed = new Option<int>("--seed") { Description = "Random seed; same seed and data give the same model.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output ONNX model path.", Required = true };
        var command = new Command("train", "Train a multi-task ranking model and export it as ONNX.")
        {
            data, labels, arch, experts, expertUnits, towerUnits, epochs, lr, batch, seed, output,
        };
        command.SetAction(parse => ModelCommands.Run(() =>
        {
            var tasks = parse.GetValue(labels)!.Select(ParseLabel).ToArray();
            var architecture = parse.GetValue(arch) switch
            {
                "mmoe" => Architecture.Mmoe,
                "shared-bottom" => Architecture.SharedBottom,
                var other => throw new ArgumentException($"--arch must be shared-bottom or mmoe, not '{other}'."),
            };
            var path = parse.GetValue(data)!;
            var training = CsvTable.Load(path).ToTrainingData(tasks);
            var options = new TrainerOptions
            {
                Architecture = architecture,
                Experts = parse.GetValue(experts),
                ExpertUnits = parse.GetValue(expertUnits),
                TowerUnits = parse.GetValue(towerUnits),
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(lr),
                BatchSize = parse.GetValue(batch),
                Seed = parse.GetValue(seed),
                Log = Console.Error.WriteLine,
            };
            var model = MultiTaskTrainer.Train(training, options);
            var schema = training.FeatureNames.SequenceEqual(PairFeatures.Names) ? PairFeatures.SchemaVersion : "custom";
            string fileHash;
            using (var stream = File.OpenRead(path))
            {
                fileHash = Convert.ToHexStringLower(SHA256.HashData(stream));
            }
            var outPath = parse.GetValue(output)!;
            OnnxExporter.Write(model, outPath, new ModelMetadata(schema, fileHash));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{OnnxExporter.ModelVersion(model)}: {training.Rows} rows, {training.FeatureCount} features, {tasks.Length} tasks, best epoch {model.Report.BestEpoch}/{model.Report.EpochsRun}, validation loss {model.Report.BestValidationLoss:F5} -> {outPath}"));
            return 0;
        }));
        return command;
    }

    internal static TaskSpec ParseLabel(string value)
    {
        var parts = value.Split(':');
        var kind = parts.Length == 1 ? TaskKind.Binary : parts[1] switch
        {
            "bce" => TaskKind.Binary,
            "mse" => TaskKind.Real,
            _ => throw new ArgumentException($"--label '{value}': the loss must be bce or mse."),
        };
        if (parts.Length > 2 || parts[0].Length == 0)
            throw new ArgumentException($"--label '{value}': expected NAME[:bce|:mse].");
        return new TaskSpec(parts[0], kind, 1f, TaskSpec.DefaultCombineWeight(parts[0]));
    }
}
