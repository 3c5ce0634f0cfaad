// `recommender eval`: per-task quality of an ONNX model on a labelled CSV, scored by ONNX Runtime.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Ranking.Scoring;
using Recommender.Training.Data;
using Recommender.Training.Evaluation;
using Recommender.Training.Model;
using Spectre.Console;

namespace Recommender.Cli.Commands.Model;

internal static class EvalCommand
{
    public static Command Create()
    {
        var modelOption = new Option<string>("--model") { Description = "ONNX model.", Required = true };
        var data = new Option<string>("--data") { Description = "CSV with the model's feature columns and its task label columns.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("eval", "Evaluate a model per task: AUC, log loss and calibration (binary), MSE (real).") { modelOption, data, json };
        command.SetAction(parse => ModelCommands.Run(() =>
        {
            using var ranker = OnnxRanker.Load(parse.GetValue(modelOption)!, null);
            var table = CsvTable.Load(parse.GetValue(data)!);
            var tasks = ranker.Descriptor.TaskNames;
            var kinds = ranker.Metadata.TryGetValue(ModelMetadataKeys.TaskKinds, out var k) ? k.Split(',') : tasks.Select(_ => "binary").ToArray();
            var features = table.Select(ranker.Descriptor.FeatureNames);
            var labels = table.Select(tasks, allowMissing: true);
            var (scores, _) = ModelCommands.ScoreAll(ranker, features, table.Rows);
            var metrics = tasks.Select((name, t) => TaskMetrics.Compute(name, kinds[t] == "real" ? TaskKind.Real : TaskKind.Binary, scores, labels, t, tasks.Count)).ToArray();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { model = ranker.Descriptor.Version, rows = table.Rows, tasks = metrics }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } }));
                return 0;
            }
            var output = new Table().Title($"{ranker.Descriptor.Version} on {table.Rows} rows");
            foreach (var column in new[] { "task", "kind", "rows", "AUC", "log loss", "calibration", "MSE" })
                output.AddColumn(column);
            foreach (var m in metrics)
                output.AddRow(m.Task, m.Kind.ToString(), m.Rows.ToString(CultureInfo.InvariantCulture), F(m.Auc), F(m.LogLoss), F(m.Calibration), F(m.Mse));
            AnsiConsole.Write(output);
            return 0;
        }));
        return command;
    }

    private static string F(double? v) => v is { } x ? x.ToString("F4", CultureInfo.InvariantCulture) : "-";
}
