// `recommender predict`: writes one column per task for every CSV row, in input order.
using System.CommandLine;
using System.Globalization;
using Recommender.Ranking.Scoring;
using Recommender.Training.Data;

namespace Recommender.Cli.Commands.Model;

internal static class PredictCommand
{
    public static Command Create()
    {
        var modelOption = new Option<string>("--model") { Description = "ONNX model.", Required = true };
        var data = new Option<string>("--data") { Description = "CSV with the model's feature columns (other columns are ignored).", Required = true };
        var output = new Option<string>("--out") { Description = "Prediction CSV to write.", Required = true };
        var command = new Command("predict", "Score every row of a CSV with a model.") { modelOption, data, output };
        command.SetAction(parse => ModelCommands.Run(() =>
        {
            using var ranker = OnnxRanker.Load(parse.GetValue(modelOption)!, null);
            var table = CsvTable.Load(parse.GetValue(data)!);
            var (scores, _) = ModelCommands.ScoreAll(ranker, table.Select(ranker.Descriptor.FeatureNames), table.Rows);
            var tasks = ranker.Descriptor.TaskNames.Count;
            using var writer = new StreamWriter(parse.GetValue(output)!);
            writer.WriteLine(string.Join(',', ranker.Descriptor.TaskNames));
            for (var r = 0; r < table.Rows; r++)
                writer.WriteLine(string.Join(',', Enumerable.Range(0, tasks).Select(t => scores[r * tasks + t].ToString("R", CultureInfo.InvariantCulture))));
            return 0;
        }));
        return command;
    }
}
