// Reads the public arXiv metadata snapshot (one JSON object per line) one line at a time,
// so a multi-gigabyte file needs no more memory than its longest line.
using System.Globalization;
using System.Text.Json;

namespace Recommender.Importers;

public static class ArxivJsonlReader
{
    public static IEnumerable<ImportEntry> Read(TextReader reader)
    {
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            yield return Parse(line, lineNumber);
        }
    }

    public static ImportEntry Parse(string line, long lineNumber)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ImportIssue(lineNumber, "not a JSON object; skipped");
            }
            var id = Text.StripVersion(Text.Collapse(String(root, "id")));
            var title = Text.Collapse(String(root, "title"));
            if (id.Length == 0 || title.Length == 0)
            {
                return new ImportIssue(lineNumber, $"record without {(id.Length == 0 ? "id" : "title")}; skipped");
            }
            var authors = Text.SplitAuthors(String(root, "authors"));
            var categories = Text.Collapse(String(root, "categories")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new ImportedPaper(
                lineNumber,
                id,
                title,
                Text.Collapse(String(root, "abstract")),
                authors,
                authors.Count,
                FirstVersion(root) ?? UpdateDate(root),
                0,
                $"https://arxiv.org/abs/{id}",
                categories);
        }
        catch (JsonException e)
        {
            // System.Text.Json appends its own (0-based, single-line) position; the column is what helps here.
            var detail = e.Message.Split(" LineNumber:", 2)[0].TrimEnd();
            return new ImportIssue(lineNumber, $"bad JSON at column {e.BytePositionInLine + 1}: {detail} skipped");
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // The first version's date is when the paper appeared; update_date moves with every revision.
    private static DateTimeOffset? FirstVersion(JsonElement root)
    {
        if (!root.TryGetProperty("versions", out var versions) || versions.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var version in versions.EnumerateArray())
        {
            if (version.ValueKind == JsonValueKind.Object
                && String(version, "created") is { } created
                && DateTimeOffset.TryParse(created.Replace(" GMT", " +00:00", StringComparison.Ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at.ToUniversalTime();
            }
        }
        return null;
    }

    private static DateTimeOffset? UpdateDate(JsonElement root) =>
        String(root, "update_date") is { } text
        && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;
}
