// `recommender smtp-sink`: a local SMTP server that accepts every message, for trying the
// digest generator with --smtp and for benchmarks. Never point real mail at it.
using System.CommandLine;
using System.Net;
using Recommender.Digests.Sending;
using Spectre.Console;

namespace Recommender.Cli.Commands;

public static class SmtpSinkCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1.", DefaultValueFactory = _ => 2525 }.InRange(1, 65535);
        var output = new Option<string?>("--out") { Description = "Keep each message as a .eml file here (default: only count them)." };
        var command = new Command("smtp-sink", "Run a local SMTP server on 127.0.0.1 that accepts every message (and refuses bounce*@ recipients).") { port, output };
        command.SetAction(async (parse, cancellation) =>
        {
            await using var sink = new SmtpSink(new IPEndPoint(IPAddress.Loopback, parse.GetValue(port)), parse.GetValue(output));
            sink.Start();
            AnsiConsole.MarkupLineInterpolated($"listening on smtp://{sink.Endpoint}; Ctrl+C stops");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation);
            }
            catch (OperationCanceledException)
            {
            }
            AnsiConsole.MarkupLineInterpolated($"{sink.Accepted:N0} messages accepted");
            return 0;
        });
        return command;
    }
}
