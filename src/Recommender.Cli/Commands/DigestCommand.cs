// `recommender digest run|preview`: the email-digest generator, a client of the service's gRPC API.
using System.CommandLine;
using Microsoft.Extensions.Logging;
using Recommender.Digests;
using Recommender.Digests.Sending;
using Spectre.Console;

namespace Recommender.Cli.Commands;

public static class DigestCommand
{
    public static Command Create(GlobalOptions global)
    {
        var digest = new Command("digest", "Email digests: send the due ones, or preview one.");
        digest.Subcommands.Add(Run(global));
        digest.Subcommands.Add(Preview(global));
        return digest;
    }

    private static Command Run(GlobalOptions global)
    {
        var smtp = new Option<Uri?>("--smtp")
        {
            Description = "smtp://HOST:PORT of the mail server; without it digests are written as .eml files to --out.",
            CustomParser = result =>
            {
                try
                {
                    return SmtpTransport.Parse(result.Tokens[0].Value);
                }
                catch (FormatException e)
                {
                    result.AddError("--smtp: " + e.Message);
                    return null;
                }
            },
        };
        var user = new Option<string>("--smtp-user") { Description = "SMTP user name (AUTH); with --smtp-password." };
        var password = new Option<string>("--smtp-password") { Description = "SMTP password; or the environment variable RECOMMENDER_SMTP_PASSWORD." };
        var startTls = new Option<bool>("--starttls") { Description = "Require STARTTLS on the SMTP connection." };
        var output = new Option<string>("--out") { Description = "Directory for .eml files when no --smtp is given.", DefaultValueFactory = _ => "digests" };
        var now = new Option<bool>("--now") { Description = "Treat every subscribed user's current period as due, whatever their send hour." };
        var watch = new Option<bool>("--watch") { Description = "Keep running: a pass every --interval seconds until stopped." };
        var interval = new Option<int>("--interval") { Description = "Seconds between passes with --watch.", DefaultValueFactory = _ => 60 }.InRange(1, 86_400);
        var from = new Option<string>("--from") { Description = "Sender address.", DefaultValueFactory = _ => "Paper digest <digest@localhost>" };
        var mailto = new Option<string>("--unsubscribe-mailto") { Description = "Address for the mailto: half of List-Unsubscribe." };
        var papers = new Option<int>("--papers") { Description = "Papers per digest.", DefaultValueFactory = _ => 10 }.InRange(1, 100);
        var concurrency = new Option<int>("--concurrency") { Description = "Digests in flight at once.", DefaultValueFactory = _ => 8 }.InRange(1, 256);
        var lease = new Option<int>("--lease") { Description = "Seconds a claimed digest stays this generator's; after a crash others take it over then.", DefaultValueFactory = _ => 300 }.InRange(10, 3600);
        var token = new Option<string>("--service-token") { Description = "Bearer token for the service; or RECOMMENDER_SERVICE_TOKEN." };
        var command = new Command("run", "Send every digest that is due (one pass), or keep sending with --watch.")
        {
            smtp, user, password, startTls, output, now, watch, interval, from, mailto, papers, concurrency, lease, token,
        };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var options = new GeneratorOptions
            {
                Server = parse.GetValue(global.Server)!,
                ServiceToken = ServiceToken(global, parse, token),
                Smtp = parse.GetValue(smtp),
                SmtpUser = parse.GetValue(user) ?? "",
                SmtpPassword = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("RECOMMENDER_SMTP_PASSWORD") ?? "",
                StartTls = parse.GetValue(startTls),
                OutputDirectory = parse.GetValue(output)!,
                Now = parse.GetValue(now),
                From = parse.GetValue(from)!,
                UnsubscribeMailto = parse.GetValue(mailto) ?? "",
                PapersPerDigest = parse.GetValue(papers),
                Concurrency = parse.GetValue(concurrency),
                Lease = TimeSpan.FromSeconds(parse.GetValue(lease)),
                WatchInterval = TimeSpan.FromSeconds(parse.GetValue(interval)),
            };
            using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            await using var generator = new DigestGenerator(options, logs.CreateLogger("digest"));
            var target = options.Smtp is { } server ? server.ToString() : Path.GetFullPath(options.OutputDirectory);
            if (parse.GetValue(watch))
            {
                AnsiConsole.MarkupLineInterpolated($"sending digests to {target} every {options.WatchInterval.TotalSeconds:0} s; Ctrl+C stops");
                try
                {
                    await generator.WatchAsync(summary => AnsiConsole.MarkupLineInterpolated($"{DateTimeOffset.Now:HH:mm:ss} {summary}"), cancellation);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                }
                return 0;
            }
            var result = await generator.RunOnceAsync(cancellation);
            AnsiConsole.MarkupLineInterpolated($"[green]{result}[/] ({target})");
            return result.Deferred > 0 ? 2 : 0;
        });
        return command;
    }

    /// <summary>--service-token or RECOMMENDER_SERVICE_TOKEN; else the global token, or a service token minted from the key.</summary>
    private static string ServiceToken(GlobalOptions global, ParseResult parse, Option<string> token) =>
        parse.GetValue(token) is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable("RECOMMENDER_SERVICE_TOKEN") is { Length: > 0 } variable ? variable
        : global.BearerToken(parse, "service") ?? "";

    private static Command Preview(GlobalOptions global)
    {
        var user = new Argument<string>("USER") { Description = "User id." }.UserId();
        var output = new Option<string>("--out") { Description = "HTML file to write.", Required = true };
        var papers = new Option<int>("--papers") { Description = "Papers per digest.", DefaultValueFactory = _ => 10 }.InRange(1, 100);
        var command = new Command("preview", "Write the digest a user would get now as an HTML file; nothing is sent or recorded.") { user, output, papers };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            await using var generator = new DigestGenerator(new GeneratorOptions
            {
                Server = parse.GetValue(global.Server)!,
                ServiceToken = global.BearerToken(parse, "service") ?? "",
                PapersPerDigest = parse.GetValue(papers),
            });
            var file = Path.GetFullPath(parse.GetValue(output)!);
            var model = await generator.PreviewAsync(parse.GetRequiredValue(user), file, cancellation);
            AnsiConsole.MarkupLineInterpolated($"[green]{file}[/]: {model.Papers.Count} papers for {model.Email} ({model.Period})");
            return 0;
        });
        return command;
    }
}
