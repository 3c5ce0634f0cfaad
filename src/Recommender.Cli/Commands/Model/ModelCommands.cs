// The model life-cycle commands: train, eval, predict, bench scorer and bench encoder.
using System.CommandLine;
using Recommender.Ranking.Scoring;
using Recommender.Training.Data;

namespace Recommender.Cli.Commands.Model;

public static class ModelCommands
{
    /// <summary>Adds train, eval, predict, `bench scorer` and `bench encoder`; joins an existing `bench` command if one was added first.</summary>
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        var bench = root.Subcommands.FirstOrDefault(c => c.Name == "bench");
        if (bench is null)
        {
            bench = new Command("bench", "Benchmarks (print figures; compare ratios, not absolutes).");
            root.Subcommands.Add(bench);
        }
        bench.Subcommands.Add(BenchScorerCommand.Create());
        bench.Subcommands.Add(BenchEncoderCommand.Create());
    }

    /// <summary>Runs a command body, turning expected user errors into a message and exit code 1.</summary>
    internal static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is CsvFormatException or InvalidModelException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>Scores a whole table through the ranker in chunks; returns task scores and combined scores.</summary>
    internal static (float[] Scores, float[] Combined) ScoreAll(IRanker ranker, float[] features, int rows)
    {
        const int chunk = 4096;
        int f = ranker.Descriptor.FeatureNames.Count, t = ranker.Descriptor.TaskNames.Count;
        var scores = new float[rows * t];
        var combined = new float[rows];
        for (var start = 0; start < rows; start += chunk)
        {
            var n = Math.Min(chunk, rows - start);
            ranker.Score(features.AsMemory(start * f, n * f), n, scores.AsMemory(start * t, n * t), combined.AsMemory(start, n));
        }
        return (scores, combined);
    }
}
