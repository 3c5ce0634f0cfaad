// The formats the importers read, by the names users type, and one entry point for all.
namespace Recommender.Importers;

public enum ImportFormat
{
    HfListing,
    ArxivJsonl,
    ArxivAtom,
}

/// <summary>Names formats as users type them and opens the matching reader.</summary>
public static class ImportReaders
{
    public static readonly IReadOnlyDictionary<string, ImportFormat> Names = new Dictionary<string, ImportFormat>(StringComparer.OrdinalIgnoreCase)
    {
        ["hf-listing"] = ImportFormat.HfListing,
        ["arxiv-jsonl"] = ImportFormat.ArxivJsonl,
        ["arxiv-atom"] = ImportFormat.ArxivAtom,
    };

    public static bool TryParseFormat(string name, out ImportFormat format) => Names.TryGetValue(name, out format);

    /// <summary>Streams entries from <paramref name="reader"/>; a missing year in a date takes <paramref name="referenceYear"/>.</summary>
    public static IEnumerable<ImportEntry> Read(ImportFormat format, TextReader reader, int referenceYear) => format switch
    {
        ImportFormat.HfListing => HfListingReader.Read(reader, referenceYear),
        ImportFormat.ArxivJsonl => ArxivJsonlReader.Read(reader),
        ImportFormat.ArxivAtom => ArxivAtomReader.Read(reader),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
