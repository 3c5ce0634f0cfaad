// `recommender model promote FILE` and `recommender model list`: swap the serving model of a
// ranker variant on every silo without a restart, and see what each variant serves.
using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using Recommender.Api.V1;
using Spectre.Console;

namespace Recommender.Cli.Commands.Model;

public static class ModelServiceCommand
{
    public static Command Create(GlobalOptions global) =>
        new("model", "The service's ranking models: promote one, list what each ranker variant serves.") { Promote(global), List(global) };

    private static Command Promote(GlobalOptions global)
    {
        var file = new Argument<string>("FILE") { Description = "The ONNX model (from `recommender train`); checked by the service before anything changes." };
        var variant = new Option<string>("--variant") { Description = "The ranker variant to serve it (default: the first configured, \"default\" without A/B)." };
        var command = new Command("promote", "Make a model the serving model of a ranker variant on every silo, without a restart; it survives restarts.") { file, variant };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var path = parse.GetRequiredValue(file);
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path, cancellation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {path}: {e.Message}");
            }
            using var channel = global.OpenChannel(parse);
            var response = await new Models.ModelsClient(channel).PromoteModelAsync(
                new PromoteModelRequest { Model = ByteString.CopyFrom(bytes), Variant = parse.GetValue(variant) ?? "" }, cancellationToken: cancellation);
            if (response.Unchanged)
            {
                AnsiConsole.MarkupLineInterpolated($"variant [bold]{response.Variant}[/] already serves this model ({response.RankerVersion}): nothing changed");
            }
            else
            {
                AnsiConsole.MarkupLineInterpolated($"variant [bold]{response.Variant}[/]: [green]{response.RankerVersion}[/] promoted (was {response.PreviousVersion}); every silo serves it within the poll interval, and feeds are re-scored as they are read");
            }
            return 0;
        });
        return command;
    }

    private static Command List(GlobalOptions global)
    {
        var command = new Command("list", "The ranker variants and the model each serves (as the silo that answers sees them).");
        command.SetRpcAction(async (parse, cancellation) =>
        {
            using var channel = global.OpenChannel(parse);
            var response = await new Models.ModelsClient(channel).ListModelsAsync(new ListModelsRequest(), cancellationToken: cancellation);
            var table = new Table().Title($"silo {Markup.Escape(response.Silo)}").AddColumns("variant", "share", "ranker version", "source");
            foreach (var v in response.Variants)
            {
                table.AddRow(Markup.Escape(v.Variant), v.Share.ToString("P0", CultureInfo.InvariantCulture), Markup.Escape(v.RankerVersion),
                    v.Promoted ? $"promoted {v.Digest[..12]}" : "configured");
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
