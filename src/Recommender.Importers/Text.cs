// Small text helpers shared by the readers.
using System.Text;

namespace Recommender.Importers;

internal static class Text
{
    /// <summary>Trims and collapses runs of whitespace (arXiv titles carry line breaks and double spaces).</summary>
    public static string Collapse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var ch in value)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(ch);
        }
        return builder.ToString();
    }

    /// <summary>arXiv ids name versions ("2401.01234v2"); the paper is the id without one.</summary>
    public static string StripVersion(string id)
    {
        var v = id.LastIndexOf('v');
        if (v > 0 && v < id.Length - 1 && id.AsSpan(v + 1).IndexOfAnyExceptInRange('0', '9') < 0 && char.IsDigit(id[v - 1]))
        {
            return id[..v];
        }
        return id;
    }

    /// <summary>Splits "A, B and C" into names.</summary>
    public static IReadOnlyList<string> SplitAuthors(string? authors)
    {
        var collapsed = Collapse(authors);
        if (collapsed.Length == 0)
        {
            return [];
        }
        return collapsed
            .Replace(", and ", ", ", StringComparison.Ordinal)
            .Replace(" and ", ", ", StringComparison.Ordinal)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
