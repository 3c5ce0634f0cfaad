// Opens the hand-written fixture files copied next to the test assembly.
namespace Recommender.Importers.Tests;

internal static class Fixture
{
    public static TextReader Open(string name) => new StreamReader(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static List<ImportEntry> Read(ImportFormat format, string name, int year = 2025)
    {
        using var reader = Open(name);
        return ImportReaders.Read(format, reader, year).ToList();
    }
}
