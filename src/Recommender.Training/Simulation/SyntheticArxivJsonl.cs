// Synthetic records in the arXiv metadata snapshot's JSON Lines format, of any count,
// generated lazily: for benchmarks and import tests without third-party text.
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Recommender.Training.Simulation;

public static class SyntheticArxivJsonl
{
    // An arXiv-style category per theme, so the records look like the real snapshot's.
    private static readonly string[] Categories =
        ["cs.LG cs.SI", "cs.LG cs.AI", "cs.CL", "cs.CV", "eess.AS cs.SD", "cs.IR", "math.OC stat.ML", "quant-ph"];

    /// <summary>The last record's date: every record is in the past, however many there are.</summary>
    private static readonly DateTimeOffset LastDate = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One JSON object per record; nothing is held beyond the current line.</summary>
    public static IEnumerable<string> Lines(int count, int seed = 1)
    {
        var buffer = new MemoryStream();
        var start = LastDate - SyntheticCorpus.Spacing * Math.Max(0, count - 1);
        foreach (var paper in SyntheticCorpus.Generate(count, seed, start))
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                Write(json, paper);
            }
            yield return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    public static async Task WriteAsync(TextWriter writer, int count, int seed = 1, CancellationToken cancellation = default)
    {
        foreach (var line in Lines(count, seed))
        {
            cancellation.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(line);
        }
    }

    private static void Write(Utf8JsonWriter json, SyntheticPaper paper)
    {
        json.WriteStartObject();
        json.WriteString("id", paper.Id);
        json.WriteString("submitter", paper.Authors[0]);
        json.WriteString("authors", JoinAuthors(paper.Authors));
        json.WriteString("title", paper.Title);
        json.WriteNull("comments");
        json.WriteNull("journal-ref");
        json.WriteNull("doi");
        json.WriteString("categories", Categories[paper.Theme % Categories.Length]);
        json.WriteString("abstract", paper.Abstract);
        json.WriteStartArray("versions");
        json.WriteStartObject();
        json.WriteString("version", "v1");
        json.WriteString("created", paper.PublishedAt.ToUniversalTime().ToString("ddd, d MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("update_date", paper.PublishedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static string JoinAuthors(IReadOnlyList<string> authors) =>
        authors.Count == 1 ? authors[0] : string.Join(", ", authors.Take(authors.Count - 1)) + " and " + authors[^1];
}
