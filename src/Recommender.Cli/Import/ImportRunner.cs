// Runs an import against the server with a live progress line and a closing summary.
using Grpc.Net.Client;
using Recommender.Api.V1;
using Recommender.Importers;
using Spectre.Console;

namespace Recommender.Cli.Import;

public static class ImportRunner
{
    // Enough to see what is wrong with a file without flooding the terminal on a bad one.
    private const int PrintedIssueLimit = 20;

    /// <summary>Imports the entries; exit code 1 only when not a single paper could be read.</summary>
    /// <param name="waitForFanOut">Then waits until every accepted paper has reached its followers' feeds, and says how long that took.</param>
    public static async Task<int> RunAsync(GrpcChannel channel, IEnumerable<ImportEntry> entries, string source, int window, bool waitForFanOut,
        CancellationToken cancellation)
    {
        var stats = await ImportAsync(channel, entries, source, window, cancellation, keepAcceptedIds: waitForFanOut);
        if (stats.Read == 0)
        {
            Commands.CommandRunner.Error($"no paper could be read from {source}");
            return 1;
        }
        if (waitForFanOut)
        {
            await WaitForFanOut(new Papers.PapersClient(channel), stats.AcceptedIds, cancellation);
        }
        return 0;
    }

    /// <summary>How often the wait asks about the papers still on their way.</summary>
    private static readonly TimeSpan FanOutPoll = TimeSpan.FromMilliseconds(250);

    private static async Task WaitForFanOut(Papers.PapersClient papers, IReadOnlyCollection<string> accepted, CancellationToken cancellation)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await AnsiConsole.Status().StartAsync($"waiting for {accepted.Count:N0} accepted papers to reach their followers' feeds", async context =>
            await FanOutWait.WaitAsync(papers, accepted, FanOutPoll,
                pending => context.Status($"{pending:N0} of {accepted.Count:N0} accepted papers still on their way to their followers' feeds"), cancellation));
        AnsiConsole.MarkupLineInterpolated($"all {accepted.Count:N0} accepted papers reached their followers' feeds {clock.Elapsed.TotalSeconds:N1} s after the import ended");
    }

    /// <summary>Imports the entries with live progress and a closing summary; returns the counts.</summary>
    public static async Task<ImportStats> ImportAsync(GrpcChannel channel, IEnumerable<ImportEntry> entries, string source, int window, CancellationToken cancellation,
        bool keepAcceptedIds = false)
    {
        var stats = new ImportStats(keepAcceptedIds);
        var client = new Papers.PapersClient(channel);
        using var call = client.Publish(cancellationToken: cancellation);
        var pipeline = new PublishPipeline(window);

        try
        {
            await ShowProgress(source, stats, pipeline.RunAsync(entries, call.RequestStream, call.ResponseStream, stats, issue => PrintIssue(issue, stats), cancellation));
        }
        finally
        {
            // Also on failure: the counts tell how far the import got before re-running it.
            stats.Finish();
            AnsiConsole.Write(Summary(source, stats));
        }
        return stats;
    }

    private static Task ShowProgress(string source, ImportStats stats, Task running) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Describe(source, stats)).IsIndeterminate();
                while (await Task.WhenAny(running, Task.Delay(250, CancellationToken.None)) != running)
                {
                    task.Description = Describe(source, stats);
                }
                task.Description = Describe(source, stats);
                task.StopTask();
                await running;
            });

    private static void PrintIssue(ImportIssue issue, ImportStats stats)
    {
        if (stats.Issues <= PrintedIssueLimit)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]line {issue.Line}:[/] {issue.Message}");
        }
        else if (stats.Issues == PrintedIssueLimit + 1)
        {
            AnsiConsole.MarkupLine("[yellow]further malformed records are counted, not shown[/]");
        }
    }

    private static string Describe(string source, ImportStats stats) =>
        $"{Markup.Escape(source)}  [bold]{stats.PapersPerSecond:N0}[/] papers/s  " +
        $"[green]{stats.Accepted:N0} accepted[/]  [blue]{stats.Duplicate:N0} duplicate[/]  [red]{stats.Rejected:N0} rejected[/]  " +
        $"[yellow]{stats.Issues:N0} malformed[/]";

    private static Table Summary(string source, ImportStats stats)
    {
        var table = new Table().Title("Import summary").AddColumn("").AddColumn(new TableColumn("count").RightAligned());
        table.AddRow("source", Markup.Escape(source));
        table.AddRow("read", $"{stats.Read:N0}");
        table.AddRow("[yellow]malformed (skipped)[/]", $"{stats.Issues:N0}");
        table.AddRow("[green]accepted[/]", $"{stats.Accepted:N0}");
        table.AddRow("[blue]duplicate[/]", $"{stats.Duplicate:N0}");
        table.AddRow("[red]rejected[/]", $"{stats.Rejected:N0}");
        table.AddRow("papers/s", $"{stats.PapersPerSecond:N0}");
        table.AddRow("elapsed", $"{stats.Elapsed:hh\\:mm\\:ss\\.f}");
        foreach (var (line, reason) in stats.RejectedSamples)
        {
            table.AddRow($"[red]rejected, line {line}[/]", Markup.Escape(reason));
        }
        return table;
    }
}
