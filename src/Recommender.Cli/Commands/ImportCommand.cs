// `recommender import FILE --format ...`: reads a file in one of the importer formats and publishes it.
using System.CommandLine;
using Recommender.Cli.Import;
using Recommender.Importers;

namespace Recommender.Cli.Commands;

public static class ImportCommand
{
    public static Command Create(GlobalOptions global)
    {
        var file = new Argument<string>("FILE") { Description = "The file to import, or '-' for standard input." };
        var format = new Option<string>("--format", "-f") { Description = "Input format.", Required = true };
        format.AcceptOnlyFromAmong([.. ImportReaders.Names.Keys]);
        var year = new Option<int>("--year")
        {
            Description = "Year for dates that name none (listing pages show 'Jul 28').",
            DefaultValueFactory = _ => DateTime.UtcNow.Year,
        }.InRange(1900, 2200);
        var window = new Option<int>("--window")
        {
            Description = "Most papers sent but not yet answered.",
            DefaultValueFactory = _ => PublishPipeline.DefaultWindow,
        }.InRange(1, 65536);

        var wait = new Option<bool>("--wait")
        {
            Description = "Then wait until every accepted paper has reached its followers' feeds (Papers.GetFanOutStatus), and say how long that took.",
        };

        var command = new Command("import", "Publish papers from a file; re-running resumes (accepted papers come back DUPLICATE).")
        {
            file, format, year, window, wait,
        };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var path = parse.GetRequiredValue(file);
            ImportReaders.TryParseFormat(parse.GetRequiredValue(format), out var kind);
            using var reader = Open(path);
            var entries = ImportReaders.Read(kind, reader, parse.GetValue(year));
            using var channel = global.OpenChannel(parse);
            return await ImportRunner.RunAsync(channel, entries, path, parse.GetValue(window), parse.GetValue(wait), cancellation);
        });
        return command;
    }

    private static TextReader Open(string path)
    {
        if (path == "-")
        {
            return Console.In;
        }
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return new StreamReader(stream, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
    }
}
