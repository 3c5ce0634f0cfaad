// `recommender logs export`: copies the service's retained event log (impressions, feedback,
// unsubscribes) into a JSON Lines file that `logs to-csv` and `train` read.
using System.CommandLine;
using System.Text.Json;
using Recommender.Api.V1;

namespace Recommender.Cli.Commands.Data;

public static class LogsExportCommand
{
    public static Command Create(GlobalOptions global)
    {
        var output = new Option<string>("--out") { Description = "JSON Lines file to write (docs/logs-format.md).", Required = true };
        var pageSize = new Option<int>("--page-size") { Description = "Events per call.", DefaultValueFactory = _ => 5000 }.InRange(1, 10_000);
        var command = new Command("export", "Write the service's event log (impressions, feedback, unsubscribes) to a JSON Lines file.") { output, pageSize };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            // The service role reads the log; a minted token asks for no more.
            using var channel = global.OpenChannel(parse, "service");
            var client = new Events.EventsClient(channel);
            var path = Path.GetFullPath(parse.GetRequiredValue(output));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written beside and renamed at the end, so a failed export never leaves a file that looks whole.
            var partial = path + ".partial";
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            await using (var writer = new StreamWriter(partial))
            {
                long after = 0;
                while (true)
                {
                    var page = await client.ExportEventsAsync(new ExportEventsRequest { AfterSequence = after, PageSize = parse.GetValue(pageSize) }, cancellationToken: cancellation);
                    foreach (var line in page.Lines)
                    {
                        await writer.WriteLineAsync(line);
                        var type = TypeOf(line);
                        counts[type] = counts.GetValueOrDefault(type) + 1;
                    }
                    after = page.LastSequence;
                    if (page.End)
                    {
                        break;
                    }
                }
            }
            File.Move(partial, path, overwrite: true);
            var summary = counts.Count == 0 ? "no events" : string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"));
            Console.WriteLine($"Wrote {counts.Values.Sum()} events ({summary}) to {path}.");
            return 0;
        });
        return command;
    }

    private static string TypeOf(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.TryGetProperty("type", out var type) ? type.GetString() ?? "?" : "?";
    }
}
