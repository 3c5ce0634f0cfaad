// `recommender bench import|generate`: synthetic arXiv records, imported end to end or written to a file.
using System.CommandLine;
using System.Diagnostics;
using Google.Protobuf;
using Recommender.Api.V1;
using Recommender.Cli.Import;
using Recommender.Importers;
using Recommender.Training.Simulation;
using Spectre.Console;

namespace Recommender.Cli.Commands;

public static class BenchCommand
{
    public static Command Create(GlobalOptions global)
    {
        var bench = new Command("bench", "Measure the service with synthetic data.");
        bench.Subcommands.Add(Import(global));
        bench.Subcommands.Add(Generate());
        bench.Subcommands.Add(DigestBenchCommand.Create(global));
        return bench;
    }

    private static Option<int> Records() =>
        new Option<int>("--records", "-n") { Description = "How many synthetic records.", Required = true }.InRange(1, int.MaxValue);

    // A fresh seed per run makes fresh papers; pass --seed to replay one (then all come back DUPLICATE).
    private static Option<int> Seed() =>
        new("--seed") { Description = "Generator seed (default: a new one per run).", DefaultValueFactory = _ => Environment.TickCount & 0xFFFF };

    private static Command Import(GlobalOptions global)
    {
        var records = Records();
        var seed = Seed();
        var window = new Option<int>("--window") { DefaultValueFactory = _ => PublishPipeline.DefaultWindow, Description = "Most papers sent but not yet answered." }.InRange(1, 65536);
        var command = new Command("import", "Generate synthetic arXiv JSON lines and import them, reporting papers/s end to end.") { records, seed, window };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var count = parse.GetValue(records);
            var runSeed = parse.GetValue(seed);
            var sourceRate = SourceRate(Math.Min(count, FloorSample), runSeed);
            AnsiConsole.MarkupLineInterpolated($"importing {count:N0} records generated with seed {runSeed}");
            using var channel = global.OpenChannel(parse);
            var stats = await ImportRunner.ImportAsync(channel, Entries(count, runSeed), $"synthetic x{count:N0}", parse.GetValue(window), cancellation);
            var table = new Table().AddColumns("", "papers/s");
            table.AddRow("baseline: the client alone (generate, parse, build requests)", $"{sourceRate:N0}");
            table.AddRow("end to end: accepted or answered by the server", $"{stats.PapersPerSecond:N0}");
            table.AddRow("end to end / baseline", $"{stats.PapersPerSecond / sourceRate:P0}");
            AnsiConsole.Write(table);
            return stats.Read == 0 ? 1 : 0;
        });
        return command;
    }

    // Records go through the real JSON reader so parsing is part of what is measured.
    private static IEnumerable<ImportEntry> Entries(int count, int seed) =>
        SyntheticArxivJsonl.Lines(count, seed).Select((line, i) => ArxivJsonlReader.Parse(line, i + 1));

    private const int FloorSample = 200_000;

    /// <summary>
    /// The baseline for the end-to-end figure: what the client alone does per paper (generate,
    /// parse, build the request), in this process, on the same records. No import can beat it.
    /// </summary>
    private static double SourceRate(int count, int seed)
    {
        AnsiConsole.MarkupLineInterpolated($"measuring the source alone on {count:N0} records");
        var clock = Stopwatch.StartNew();
        var papers = 0;
        foreach (var entry in Entries(count, seed))
        {
            if (entry is ImportedPaper paper && new PublishRequest { Paper = PaperMapper.ToProto(paper) }.CalculateSize() > 0)
            {
                papers++;
            }
        }
        return papers / clock.Elapsed.TotalSeconds;
    }

    private static Command Generate()
    {
        var file = new Argument<string>("FILE") { Description = "Where to write the JSON lines ('-' for standard output)." };
        var records = Records();
        var seed = Seed();
        var command = new Command("generate", "Write synthetic arXiv JSON lines to a file (for `import --format arxiv-jsonl`).") { file, records, seed };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var path = parse.GetRequiredValue(file);
            await using var writer = path == "-" ? Console.Out : new StreamWriter(path);
            await SyntheticArxivJsonl.WriteAsync(writer, parse.GetValue(records), parse.GetValue(seed), cancellation);
            return 0;
        });
        return command;
    }
}
