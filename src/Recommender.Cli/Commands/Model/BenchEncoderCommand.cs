// `recommender bench encoder`: abstracts per second of the sentence encoder by batch size,
// intra-op threads, callers and truncation length, beside the hashed encoder (the floor) on the
// same texts in the same run.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Recommender.Ranking.Embedding;
using Recommender.Training.Evaluation.Themes;
using Spectre.Console;

namespace Recommender.Cli.Commands.Model;

internal static class BenchEncoderCommand
{
    public static Command Create()
    {
        var papers = new Option<int>("--papers") { Description = "Distinct abstracts encoded per pass.", DefaultValueFactory = _ => 64 }.InRange(8, 10_000);
        var batches = new Option<int[]>("--batch") { Description = "Batch sizes to measure.", DefaultValueFactory = _ => [1, 8, 32], AllowMultipleArgumentsPerToken = true };
        var tokens = new Option<int[]>("--tokens") { Description = "Truncation lengths (word pieces) to measure.", DefaultValueFactory = _ => [128, 256, 512], AllowMultipleArgumentsPerToken = true };
        var seconds = new Option<double>("--seconds") { Description = "Measuring window per row (at least one pass).", DefaultValueFactory = _ => 4 };
        var command = new Command("encoder", "Abstracts per second: sentence encoder by batch, threads, callers and truncation, beside the hashed encoder.")
        {
            papers, batches, tokens, seconds,
        };
        command.SetAction(parse => ModelCommands.Run(() =>
        {
            Run(Texts(parse.GetValue(papers)), parse.GetValue(batches)!, parse.GetValue(tokens)!, TimeSpan.FromSeconds(parse.GetValue(seconds)));
            return 0;
        }));
        return command;
    }

    /// <summary>arXiv-length abstracts (~150–200 words): three fixture abstracts of one theme page joined.</summary>
    private static (string Title, string Abstract)[] Texts(int count)
    {
        var perPage = (count + 5) / 6 + 2;
        var corpus = ThemeCorpus.Generate(perPage, seed: 7);
        return Enumerable.Range(0, count)
            .Select(i => corpus[(i % 6) * perPage + i / 6])
            .Select(p => (p.Title, string.Join(' ', corpus.Where(q => q.Page == p.Page).SkipWhile(q => q.Id != p.Id).Take(3).Select(q => q.Abstract))))
            .ToArray();
    }

    private static void Run((string Title, string Abstract)[] texts, int[] batches, int[] tokens, TimeSpan window)
    {
        var words = texts.Average(t => (t.Title + " " + t.Abstract).Split(' ').Length);
        var floor = Measure(new HashedTextEncoder(), texts, 1, window);
        var table = new Table().Title($"{texts.Length} abstracts of ~{words:0} words, {Environment.ProcessorCount} cores; floor: hashed encoder {floor:N0} abstracts/s");
        foreach (var column in new[] { "tokens", "pieces kept (mean)", "threads", "callers", "batch", "abstracts/s", "× slower than hashed" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var maxTokens in tokens)
        {
            foreach (var (threads, callers) in new[] { (1, 1), (2, 1), (1, 2) })
            {
                foreach (var batch in batches)
                {
                    using var encoder = new SentenceEncoder(new SentenceEncoderOptions { MaxTokens = maxTokens, IntraOpThreads = threads, BatchSize = batch });
                    var pieces = texts.Average(t => encoder.Tokenize(t.Title, t.Abstract).Count);
                    var rate = Measure(encoder, texts, callers, window);
                    table.AddRow(I(maxTokens), pieces.ToString("0", CultureInfo.InvariantCulture), I(threads), I(callers), I(batch),
                        rate.ToString("N1", CultureInfo.InvariantCulture), (floor / rate).ToString("N0", CultureInfo.InvariantCulture));
                }
            }
        }
        AnsiConsole.Write(table);
    }

    /// <summary>Abstracts per second: each caller encodes the whole list in passes until the window ends.</summary>
    private static double Measure(IPaperEncoder encoder, (string Title, string Abstract)[] texts, int callers, TimeSpan window)
    {
        encoder.EncodeBatch(texts.Take(8).ToArray());
        var watch = Stopwatch.StartNew();
        var done = new long[callers];
        Parallel.For(0, callers, new ParallelOptions { MaxDegreeOfParallelism = callers }, caller =>
        {
            do
            {
                encoder.EncodeBatch(texts);
                done[caller] += texts.Length;
            }
            while (watch.Elapsed < window);
        });
        return done.Sum() / watch.Elapsed.TotalSeconds;
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
