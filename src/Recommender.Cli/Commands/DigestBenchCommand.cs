// `recommender bench digests`: the digest generator's throughput beside its two floors.
using System.CommandLine;
using Recommender.Digests;
using Recommender.Digests.Sending;
using Spectre.Console;

namespace Recommender.Cli.Commands;

public static class DigestBenchCommand
{
    public static Command Create(GlobalOptions global)
    {
        var users = new Option<int>("--users") { Description = "Subscribers to create and mail.", DefaultValueFactory = _ => 100_000 }.InRange(1, 10_000_000);
        var topics = new Option<string[]>("--topic") { Description = "Topic the bench users follow (repeatable; users are spread over them).", Required = true };
        var smtp = new Option<string>("--smtp") { Description = "smtp://HOST:PORT of the sink.", Required = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Digests in flight at once.", DefaultValueFactory = _ => 16 }.InRange(1, 256);
        var samples = new Option<int>("--floor-samples") { Description = "Renders and fixed sends measured for each floor.", DefaultValueFactory = _ => 5_000 }.InRange(1, 1_000_000);
        var command = new Command("digests", "Create subscribers, then measure digests/s into an SMTP sink beside render-only and send-only floors.")
        {
            users, topics, smtp, concurrency, samples,
        };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var options = new GeneratorOptions
            {
                Server = parse.GetValue(global.Server)!,
                ServiceToken = global.BearerToken(parse, "service") ?? "",
                Smtp = SmtpTransport.Parse(parse.GetValue(smtp)!),
                Concurrency = parse.GetValue(concurrency),
                ClaimBatch = 500,
            };
            // Creating the bench users is an admin's job; the generator itself runs as a service.
            using var setup = global.OpenChannel(parse);
            var figures = await DigestBenchmark.RunAsync(options, setup, parse.GetValue(users), parse.GetValue(topics)!, parse.GetValue(samples),
                line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"), cancellation);
            var table = new Table().AddColumns("", "per second");
            table.AddRow("floor: render alone (Razor + CSS inlining + MIME), one digest", $"{figures.RenderPerSecond:N0}");
            table.AddRow("floor: SMTP send of one fixed message", $"{figures.SendPerSecond:N0}");
            table.AddRow($"digests end to end ({figures.Run.Sent:N0} sent in {figures.RunSeconds:N1} s)", $"{figures.DigestsPerSecond:N0}");
            table.AddRow("end to end / lower floor", $"{figures.DigestsPerSecond / Math.Min(figures.RenderPerSecond, figures.SendPerSecond):P0}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"set-up of {figures.Users:N0} users took {figures.SetupSeconds:N0} s; pass: {figures.Run}");
            return figures.Run.Sent == figures.Users ? 0 : 1;
        });
        return command;
    }
}
