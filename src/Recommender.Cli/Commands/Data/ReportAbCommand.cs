// `recommender report ab`: per ranker variant, impressions, CTR, save rate and hide rate with 95%
// Wilson score intervals, from a logs file or straight from the service's event log.
using System.CommandLine;
using System.Globalization;
using Recommender.Api.V1;
using Recommender.Training.Data;
using Recommender.Training.Evaluation;
using Spectre.Console;

namespace Recommender.Cli.Commands.Data;

public static class ReportAbCommand
{
    public static Command Create(GlobalOptions global)
    {
        var logs = new Option<string>("--logs") { Description = "A JSON Lines log (`logs export`); without it the service's log is read (service role)." };
        var command = new Command("ab", "Compare the ranker variants: impressions, CTR, save rate, hide rate, with 95% Wilson intervals.") { logs };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var events = parse.GetValue(logs) is { } path ? ReadFile(path) : await ReadService(global, parse, cancellation);
            var outcomes = AbReport.Compute(events);
            if (outcomes.Count == 0)
            {
                AnsiConsole.WriteLine("no impressions in the log");
                return 0;
            }
            var table = new Table().Title("A/B by ranker variant")
                .AddColumn("variant").AddColumn(new TableColumn("impressions").RightAligned())
                .AddColumn(new TableColumn("CTR").RightAligned()).AddColumn(new TableColumn("save rate").RightAligned()).AddColumn(new TableColumn("hide rate").RightAligned());
            foreach (var o in outcomes)
            {
                table.AddRow(Markup.Escape(o.Variant), o.Impressions.ToString(CultureInfo.InvariantCulture), Markup.Escape(Format(o.Click)), Markup.Escape(Format(o.Save)), Markup.Escape(Format(o.Hide)));
            }
            table.Caption(Markup.Escape("rate and [95% Wilson score interval]; an impression counts each kind of feedback on its pair once, until the pair's next impression"));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>The rate over its interval, on two lines so the table fits a terminal of 80 columns.</summary>
    public static string Format(Proportion p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Rate:P1}\n[{p.Low:P1}, {p.High:P1}]");

    internal static List<LogEvent> ReadFile(string path)
    {
        try
        {
            return EventLog.ReadFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
    }

    internal static async Task<List<LogEvent>> ReadService(GlobalOptions global, ParseResult parse, CancellationToken cancellation)
    {
        // The service role reads the log; a minted token asks for no more.
        using var channel = global.OpenChannel(parse, "service");
        var client = new Events.EventsClient(channel);
        var events = new List<LogEvent>();
        long after = 0;
        while (true)
        {
            var page = await client.ExportEventsAsync(new ExportEventsRequest { AfterSequence = after, PageSize = 10_000 }, cancellationToken: cancellation);
            events.AddRange(page.Lines.Select(EventLog.FromLine));
            after = page.LastSequence;
            if (page.End)
            {
                return events;
            }
        }
    }
}
