// `recommender bench scorer`: pairs/s of raw ONNX Runtime (preallocated OrtValues) versus the
// OnnxRanker path on the same model in the same run; the ratio is what the ranker costs.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;
using Recommender.Training.Model;
using Recommender.Training.Onnx;
using Spectre.Console;
using ModelMetadata = Recommender.Training.Onnx.ModelMetadata;

namespace Recommender.Cli.Commands.Model;

internal static class BenchScorerCommand
{
    private static readonly int[] BatchSizes = [1, 4, 16, 64, 256, 1024, 4096];
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(700);

    public static Command Create()
    {
        var modelOption = new Option<string>("--model") { Description = "ONNX model over PairFeatures (default: a freshly trained 3-task MMoE)." };
        var scorer = new Command("scorer", "Pairs per second: raw ONNX Runtime vs OnnxRanker, per batch size.") { modelOption };
        scorer.SetAction(parse => ModelCommands.Run(() =>
        {
            var given = parse.GetValue(modelOption);
            var path = given ?? DefaultModel();
            try
            {
                Run(path);
            }
            finally
            {
                if (given is null)
                    File.Delete(path);
            }
            return 0;
        }));
        return scorer;
    }

    private static void Run(string path)
    {
        using var ranker = OnnxRanker.Load(path, PairFeatures.Names);
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        using var runOptions = new RunOptions();
        int f = PairFeatures.Count, t = ranker.Descriptor.TaskNames.Count;
        var table = new Table().Title($"{ranker.Descriptor.Version}: pairs/s, 1 intra-op thread, one caller");
        foreach (var column in new[] { "batch", "raw ORT", "OnnxRanker", "ranker / raw" })
            table.AddColumn(new TableColumn(column).RightAligned());
        var random = new Random(1);
        foreach (var batch in BatchSizes)
        {
            var x = Enumerable.Range(0, batch * f).Select(_ => (float)random.NextDouble()).ToArray();
            var scores = new float[batch * t];
            var combined = new float[batch];
            using var input = OrtValue.CreateTensorValueFromMemory(x, [batch, f]);
            using var scoresValue = OrtValue.CreateTensorValueFromMemory(scores, [batch, t]);
            using var combinedValue = OrtValue.CreateTensorValueFromMemory(combined, [batch]);
            string[] inputNames = [ModelMetadataKeys.InputName], outputNames = [ModelMetadataKeys.ScoresName, ModelMetadataKeys.CombinedName];
            OrtValue[] inputs = [input], outputs = [scoresValue, combinedValue];
            var raw = Measure(batch, () => session.Run(runOptions, inputNames, inputs, outputNames, outputs));
            var viaRanker = Measure(batch, () => ranker.Score(x, batch, scores, combined));
            table.AddRow(batch.ToString(CultureInfo.InvariantCulture), raw.ToString("N0", CultureInfo.InvariantCulture),
                viaRanker.ToString("N0", CultureInfo.InvariantCulture), (viaRanker / raw).ToString("F2", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
    }

    /// <summary>Pairs per second over a fixed window, after a short warm-up.</summary>
    private static double Measure(int batch, Action call)
    {
        for (var i = 0; i < 20; i++)
            call();
        var watch = Stopwatch.StartNew();
        long calls = 0;
        while (watch.Elapsed < Window)
        {
            call();
            calls++;
        }
        return calls * batch / watch.Elapsed.TotalSeconds;
    }

    /// <summary>A 3-task MMoE over the service's pair features, trained briefly on random data: the bench needs its shape, not its quality.</summary>
    private static string DefaultModel()
    {
        var random = new Random(7);
        const int rows = 2000;
        var x = Enumerable.Range(0, rows * PairFeatures.Count).Select(_ => (float)random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, rows * 3).Select(i => x[(i / 3) * PairFeatures.Count + i % 3] > 0.5f ? 1f : 0f).ToArray();
        TaskSpec[] tasks = [new("click", TaskKind.Binary), new("save", TaskKind.Binary), new("hide", TaskKind.Binary, 1f, -1f)];
        var model = MultiTaskTrainer.Train(new TrainingData(PairFeatures.Names, tasks, x, y),
            new TrainerOptions { Architecture = Architecture.Mmoe, Experts = 4, ExpertUnits = 32, TowerUnits = 16, Epochs = 1 });
        var path = Path.Combine(Path.GetTempPath(), $"bench-{Environment.ProcessId}.onnx");
        OnnxExporter.Write(model, path, new ModelMetadata(PairFeatures.SchemaVersion));
        return path;
    }
}
