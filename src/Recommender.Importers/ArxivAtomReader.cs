// Reads an arXiv API Atom response entry by entry with XmlReader; only one entry is
// held in memory at a time. A truncated document yields the entries before the break.
using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Recommender.Importers;

public static class ArxivAtomReader
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Arxiv = "http://arxiv.org/schemas/atom";

    public static IEnumerable<ImportEntry> Read(TextReader input)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(input, settings);
        while (true)
        {
            var (entry, line, issue) = Next(reader);
            if (issue is not null)
            {
                yield return issue;
                yield break;
            }
            if (entry is null)
            {
                yield break;
            }
            yield return ToEntry(entry, line);
        }
    }

    // Kept apart from Read because C# cannot yield inside a try with a catch.
    private static (XElement? Entry, long Line, ImportIssue? Issue) Next(XmlReader reader)
    {
        var info = (IXmlLineInfo)reader;
        try
        {
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "entry" && reader.NamespaceURI == Atom.NamespaceName)
                {
                    long line = info.LineNumber;
                    return ((XElement)XNode.ReadFrom(reader), line, null);
                }
                reader.Read();
            }
            return (null, 0, null);
        }
        catch (XmlException e)
        {
            return (null, 0, new ImportIssue(e.LineNumber > 0 ? e.LineNumber : info.LineNumber, $"malformed XML: {e.Message}; stopped reading"));
        }
    }

    private static ImportEntry ToEntry(XElement entry, long line)
    {
        var rawId = Text.Collapse((string?)entry.Element(Atom + "id"));
        var id = Text.StripVersion(rawId[(rawId.LastIndexOf("/abs/", StringComparison.Ordinal) is var at and >= 0 ? at + 5 : 0)..]);
        var title = Text.Collapse((string?)entry.Element(Atom + "title"));
        if (id.Length == 0 || title.Length == 0)
        {
            return new ImportIssue(line, $"entry without {(id.Length == 0 ? "id" : "title")}; skipped");
        }
        var authors = entry.Elements(Atom + "author").Select(a => Text.Collapse((string?)a.Element(Atom + "name"))).Where(n => n.Length > 0).ToArray();
        var primary = (string?)entry.Element(Arxiv + "primary_category")?.Attribute("term");
        var categories = entry.Elements(Atom + "category").Select(c => (string?)c.Attribute("term")).OfType<string>();
        var published = DateTimeOffset.TryParse((string?)entry.Element(Atom + "published"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var p)
            ? p.ToUniversalTime()
            : (DateTimeOffset?)null;
        return new ImportedPaper(
            line,
            id,
            title,
            Text.Collapse((string?)entry.Element(Atom + "summary")),
            authors,
            authors.Length,
            published,
            0,
            $"https://arxiv.org/abs/{id}",
            (primary is null ? categories : categories.Prepend(primary)).Distinct().ToArray());
    }
}
