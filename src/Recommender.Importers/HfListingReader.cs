// Reads the text of a "daily papers" listing page (format in shared/seeds/README.md):
// header lines and a page date, then blocks of title, abstract and optional metadata.
using System.Globalization;
using System.Text.RegularExpressions;

namespace Recommender.Importers;

public static partial class HfListingReader
{
    private static readonly HashSet<string> HeaderLines = new(StringComparer.OrdinalIgnoreCase)
    {
        "new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers", "byAK and the research community",
    };

    [GeneratedRegex(@"^(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(?<day>\d{1,2})(,\s*(?<year>\d{4}))?(\s+(?<votes>\d+))?$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^•\s*(?<n>\d+)\s+authors?$")]
    private static partial Regex AuthorsLine();

    public static IEnumerable<ImportEntry> Read(TextReader reader, int referenceYear)
    {
        var block = new Block();
        DateTimeOffset? pageDate = null;
        var inHeader = true;
        long lineNumber = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var date = DateLine().Match(line);
            if (inHeader)
            {
                if (HeaderLines.Contains(line))
                {
                    continue;
                }
                if (date.Success && !date.Groups["votes"].Success)
                {
                    pageDate = ToDate(date, referenceYear);
                    continue;
                }
                inHeader = false;
            }
            if (line == "·")
            {
                continue;
            }
            var authors = AuthorsLine().Match(line);
            if (authors.Success || date.Success)
            {
                if (block.Title is null || block.Discarding)
                {
                    continue;
                }
                if (block.Abstract is null)
                {
                    yield return block.Discard($"paper '{Clip(block.Title)}' has no abstract; skipped");
                    continue;
                }
                if (authors.Success)
                {
                    block.AuthorCount = int.Parse(authors.Groups["n"].Value, CultureInfo.InvariantCulture);
                }
                else
                {
                    block.Date = ToDate(date, referenceYear);
                    block.Upvotes = date.Groups["votes"].Success ? int.Parse(date.Groups["votes"].Value, CultureInfo.InvariantCulture) : 0;
                }
                continue;
            }
            if (LooksLikeAbstract(line))
            {
                if (block.Title is not null && block.Abstract is null && !block.Discarding)
                {
                    block.Abstract = line;
                    continue;
                }
                if (block.Ready)
                {
                    yield return block.ToPaper(pageDate);
                }
                yield return new ImportIssue(lineNumber, "abstract without a title; skipped");
                block = new Block { Discarding = true, Title = "", Line = lineNumber };
                continue;
            }
            // A title line starts the next block.
            if (block.Ready)
            {
                yield return block.ToPaper(pageDate);
            }
            else if (block.Title is not null && !block.Discarding)
            {
                yield return block.Discard($"paper '{Clip(block.Title)}' has no abstract; skipped");
            }
            block = new Block { Title = line, Line = lineNumber };
        }
        if (block.Ready)
        {
            yield return block.ToPaper(pageDate);
        }
        else if (block.Title is not null && !block.Discarding)
        {
            yield return new ImportIssue(block.Line, $"paper '{Clip(block.Title)}' has no abstract (input ends); skipped");
        }
    }

    // Titles are short phrases; abstracts are paragraphs. The page has no other marker.
    private static bool LooksLikeAbstract(string line) =>
        line.Length >= 200 || line.EndsWith('.') && line.Count(c => c == ' ') >= 12;

    private static DateTimeOffset ToDate(Match match, int referenceYear)
    {
        var month = DateTime.ParseExact(match.Groups["month"].Value, "MMM", CultureInfo.InvariantCulture).Month;
        var year = match.Groups["year"].Success ? int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture) : referenceYear;
        var day = Math.Min(int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture), DateTime.DaysInMonth(year, month));
        return new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private sealed class Block
    {
        public long Line;
        public string? Title;
        public string? Abstract;
        public int AuthorCount;
        public int Upvotes;
        public DateTimeOffset? Date;
        public bool Discarding;

        public bool Ready => !Discarding && Title is not null && Abstract is not null;

        public ImportIssue Discard(string message)
        {
            Discarding = true;
            return new ImportIssue(Line, message);
        }

        // Blocks without their own date were listed on the page's day.
        public ImportedPaper ToPaper(DateTimeOffset? pageDate) =>
            new(Line, null, Title!, Abstract!, [], AuthorCount, Date ?? pageDate, Upvotes, null, []);
    }
}
