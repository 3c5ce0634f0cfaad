// `recommender report explore`: the click rate of exploratory slots (weighted by 1 / propensity) against
// the ranked slots, with 95% intervals and the model's mean predicted click beside each, from a logs
// file or straight from the service's event log.
using System.CommandLine;
using System.Globalization;
using Recommender.Training.Evaluation;
using Spectre.Console;

namespace Recommender.Cli.Commands.Data;

public static class ReportExploreCommand
{
    public static Command Create(GlobalOptions global)
    {
        var logs = new Option<string>("--logs") { Description = "A JSON Lines log (`logs export`); without it the service's log is read (service role)." };
        var command = new Command("explore", "Compare exploratory slots with ranked ones: inverse-propensity-weighted click rates with 95% intervals.") { logs };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var events = parse.GetValue(logs) is { } path ? ReportAbCommand.ReadFile(path) : await ReportAbCommand.ReadService(global, parse, cancellation);
            var outcome = ExplorationReport.Compute(events);
            if (outcome.Exploratory.Impressions + outcome.Ranked.Impressions == 0)
            {
                AnsiConsole.WriteLine($"no impressions with a propensity in the log ({outcome.Unlogged} without)");
                return 0;
            }
            var table = new Table().Title("Exploration: click rate by slot kind")
                .AddColumn("slots").AddColumn(new TableColumn("impressions").RightAligned()).AddColumn(new TableColumn("clicks").RightAligned())
                .AddColumn(new TableColumn("IPW CTR").RightAligned()).AddColumn(new TableColumn("eff. n").RightAligned())
                .AddColumn(new TableColumn("predicted").RightAligned());
            foreach (var (name, rate) in new[] { ("exploratory", outcome.Exploratory), ("ranked", outcome.Ranked) })
            {
                table.AddRow(name, Count(rate.Impressions), Count(rate.Clicks), Markup.Escape(Format(rate.Rate, rate.Low, rate.High)),
                    rate.EffectiveSize.ToString("0.#", CultureInfo.InvariantCulture), double.IsNaN(rate.MeanPredicted) ? "-" : Percent(rate.MeanPredicted));
            }
            table.AddRow("difference", "", "", Markup.Escape(Format(outcome.Difference, outcome.DifferenceLow, outcome.DifferenceHigh)), "", "");
            table.Caption(Markup.Escape($"rate and [95% interval]: each impression weighted by 1 / propensity (Wilson at the effective n; difference = exploratory − ranked, normal); "
                + $"{outcome.Unlogged} impressions without a propensity left out; predicted: the model's mean click probability"));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double rate) => string.Create(CultureInfo.InvariantCulture, $"{rate * 100:0.0}%");

    /// <summary>The rate over its interval, on two lines so the table fits a terminal of 80 columns; "-" without data.</summary>
    public static string Format(double rate, double low, double high) => double.IsNaN(rate) ? "-" : $"{Percent(rate)}\n[{Percent(low)}, {Percent(high)}]";
}
