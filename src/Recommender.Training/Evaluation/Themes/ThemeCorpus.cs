// Fixture pages for the theme check: short abstracts composed from this project's own phrase
// banks (theme-pages.json), one page per theme; methods borrowed across pages and sentences on
// other pages' topics make the pages overlap as real fields do. Deterministic for a seed.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Training.Evaluation.Themes;

public sealed record ThemePaper(string Id, string Page, string Title, string Abstract);

public sealed record ThemeBank(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("topics")] string[] Topics,
    [property: JsonPropertyName("methods")] string[] Methods,
    [property: JsonPropertyName("findings")] string[] Findings,
    [property: JsonPropertyName("settings")] string[] Settings);

public sealed record ThemeBanks(
    [property: JsonPropertyName("generic")] string[] Generic,
    [property: JsonPropertyName("pages")] ThemeBank[] Pages);

public static class ThemeCorpus
{
    /// <summary>Share of papers with one sentence on another page's topic and finding.</summary>
    private const double CrossThemeShare = 0.5;

    /// <summary>Share of papers whose method comes from another page's bank.</summary>
    private const double BorrowedMethodShare = 0.5;

    public static ThemeBanks LoadBanks()
    {
        using var stream = typeof(ThemeCorpus).Assembly.GetManifestResourceStream("Recommender.Training.Evaluation.Themes.theme-pages.json")
            ?? throw new InvalidOperationException("theme-pages.json is not embedded.");
        return JsonSerializer.Deserialize<ThemeBanks>(stream) ?? throw new InvalidOperationException("theme-pages.json is empty.");
    }

    /// <summary><paramref name="perPage"/> papers for each of the first <paramref name="pages"/> pages (all by default).</summary>
    public static List<ThemePaper> Generate(int perPage, int seed = 1, int? pages = null)
    {
        var banks = LoadBanks();
        var chosen = banks.Pages.Take(pages ?? banks.Pages.Length).ToArray();
        var random = new Random(seed);
        var papers = new List<ThemePaper>();
        for (var p = 0; p < chosen.Length; p++)
        {
            for (var i = 0; i < perPage; i++)
            {
                papers.Add(Compose(chosen[p], chosen, banks.Generic, random, $"{chosen[p].Name}-{i:D3}"));
            }
        }
        return papers;
    }

    private static ThemePaper Compose(ThemeBank page, ThemeBank[] all, string[] generic, Random random, string id)
    {
        string Pick(string[] bank) => bank[random.Next(bank.Length)];
        ThemeBank Other() => all.Length == 1 ? page : all.Where(b => b != page).ElementAt(random.Next(all.Length - 1));
        var topic = Pick(page.Topics);
        // Methods travel between fields: half the papers borrow another page's method.
        var method = random.NextDouble() < BorrowedMethodShare ? Pick(Other().Methods) : Pick(page.Methods);
        var title = random.Next(3) switch
        {
            0 => Capital($"{method} reveals {topic}"),
            1 => Capital($"{topic} {Pick(page.Settings)}"),
            _ => Capital($"revisiting {topic} with {method}"),
        };
        var sentences = new List<string>
        {
            random.Next(3) switch
            {
                0 => $"We study {topic} {Pick(page.Settings)}",
                1 => $"{Capital(topic)} {Pick(page.Settings)} remains poorly understood",
                _ => $"This work examines {topic}",
            },
            $"We use {method}",
            $"We find that {Pick(page.Findings)}",
        };
        if (random.NextDouble() < CrossThemeShare)
        {
            var other = Other();
            sentences.Insert(random.Next(1, sentences.Count + 1), $"As in work on {Pick(other.Topics)}, {Pick(other.Findings)}");
        }
        sentences.Add(Pick(generic));
        return new ThemePaper(id, page.Name, title, string.Join(". ", sentences.Select(Capital)) + ".");
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
