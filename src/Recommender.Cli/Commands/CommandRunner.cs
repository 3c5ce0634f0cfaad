// Runs a command body and turns failures into one red line and an exit code,
// so no command prints a stack trace for an expected failure.
using System.CommandLine;
using Grpc.Core;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>A failure the user can fix (bad file, bad input); printed without a stack trace.</summary>
public sealed class CliException(string message) : Exception(message);

public static class CommandRunner
{
    public static void SetRpcAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                return await body(parse, cancellation);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellation.IsCancellationRequested)
            {
                Error("cancelled");
                return 130;
            }
            catch (RpcException e)
            {
                var hint = e.StatusCode == StatusCode.Unauthenticated
                    ? " (pass --token or set RECOMMENDER_TOKEN, or --key / RECOMMENDER_KEY_FILE / RECOMMENDER_DATA_DIR for the signing key)"
                    : "";
                Error($"{e.StatusCode}: {(e.Status.Detail.Length > 0 ? e.Status.Detail : e.Message)}{hint}");
                return 1;
            }
            catch (CliException e)
            {
                Error(e.Message);
                return 1;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                Error("cancelled");
                return 130;
            }
        });

    public static void Error(string message) => AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
}
