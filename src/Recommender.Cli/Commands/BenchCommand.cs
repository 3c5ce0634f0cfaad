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
        bench.Subcommands.Add(Scale(global));
        bench.Subcommands.Add(Feeds(global));
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

    private static Command Scale(GlobalOptions global)
    {
        var users = new Option<int>("--users") { DefaultValueFactory = _ => 100_000, Description = "Users to register." }.InRange(1, 10_000_000);
        var topics = new Option<int>("--topics") { DefaultValueFactory = _ => 1_000, Description = "Topics to create." }.InRange(1, 100_000);
        var follows = new Option<int>("--follows") { DefaultValueFactory = _ => 3, Description = "Topics each user follows." }.InRange(1, 100);
        var papers = new Option<int>("--papers") { DefaultValueFactory = _ => 20_000, Description = "Papers published with every follower scored." }.InRange(200, 10_000_000);
        var concurrency = new Option<int>("--concurrency") { DefaultValueFactory = _ => 64, Description = "Calls in flight while registering users and reading feeds." }.InRange(1, 4096);
        var latencySeconds = new Option<int>("--latency-seconds") { DefaultValueFactory = _ => 20, Description = "How long to publish at --latency-rate for the publish-to-visible figure." }.InRange(1, 3600);
        var latencyRate = new Option<double>("--latency-rate") { DefaultValueFactory = _ => 50, Description = "Papers per second offered for the latency figure." };
        var serverPid = new Option<int?>("--server-pid") { Description = "The server's process id, to report its memory per user." };
        var model = new Option<string?>("--model") { Description = "The server's ONNX model, for the raw-scorer floor." };
        var settle = new Option<int>("--settle-seconds") { DefaultValueFactory = _ => 0, Description = "Seconds to wait at the end, reading a few feeds, before measuring memory again (idle user grains are collected after 2–3 minutes)." }.InRange(0, 3600);
        var command = new Command("scale", "Register users with follows, publish papers to them, and report fan-out, latency, read and memory figures beside floors from the same run.")
            { users, topics, follows, papers, concurrency, latencySeconds, latencyRate, serverPid, model, settle };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var paperCount = parse.GetValue(papers);
            var world = new Bench.ScaleWorkload(parse.GetValue(users), parse.GetValue(topics), parse.GetValue(follows));
            var settings = new Bench.ScaleBenchOptions(paperCount, parse.GetValue(concurrency), parse.GetValue(latencyRate),
                parse.GetValue(latencySeconds), parse.GetValue(serverPid), parse.GetValue(model), parse.GetValue(settle));
            using var channel = global.OpenChannel(parse);
            await new Bench.ScaleBench(channel, world, settings).RunAsync(cancellation);
            return 0;
        });
        return command;
    }

    private static Command Feeds(GlobalOptions global)
    {
        var users = new Option<int>("--users") { DefaultValueFactory = _ => 100_000, Description = "Users of a `bench scale` run whose feeds to read." }.InRange(1, 10_000_000);
        var concurrency = new Option<int>("--concurrency") { DefaultValueFactory = _ => 64, Description = "Reads in flight." }.InRange(1, 4096);
        var command = new Command("feeds", "Read every `bench scale` user's feed once (e.g. right after a restart) and report how long all of them took.") { users, concurrency };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            using var channel = global.OpenChannel(parse);
            var client = new Api.V1.Feeds.FeedsClient(channel);
            var clock = Stopwatch.StartNew();
            long empty = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, parse.GetValue(users)),
                new ParallelOptions { MaxDegreeOfParallelism = parse.GetValue(concurrency), CancellationToken = cancellation },
                async (user, token) =>
                {
                    var feed = await client.GetFeedAsync(new Api.V1.GetFeedRequest { UserId = Bench.ScaleWorkload.UserId(user) }, cancellationToken: token);
                    if (feed.Items.Count == 0)
                    {
                        Interlocked.Increment(ref empty);
                    }
                });
            AnsiConsole.MarkupLineInterpolated($"read {parse.GetValue(users):N0} feeds in {clock.Elapsed.TotalSeconds:N1} s ({parse.GetValue(users) / clock.Elapsed.TotalSeconds:N0}/s); {empty:N0} empty");
            return 0;
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
        // Not the baseline: the first records run while the JIT compiles the reader, which would make the ceiling low.
        var clock = Stopwatch.StartNew();
        var warmUp = BuildRequests(Math.Max(1, count / 10), seed + 1) / clock.Elapsed.TotalSeconds;
        clock.Restart();
        var rate = BuildRequests(count, seed) / clock.Elapsed.TotalSeconds;
        AnsiConsole.MarkupLineInterpolated($"source alone: {rate:N0} papers/s ({warmUp:N0} papers/s over a tenth as many first, not counted)");
        return rate;
    }

    private static int BuildRequests(int count, int seed)
    {
        var papers = 0;
        foreach (var entry in Entries(count, seed))
        {
            if (entry is ImportedPaper paper && new PublishRequest { Paper = PaperMapper.ToProto(paper) }.CalculateSize() > 0)
            {
                papers++;
            }
        }
        return papers;
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
