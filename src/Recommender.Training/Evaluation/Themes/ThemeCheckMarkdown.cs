// The theme check's section of docs/evaluation.md.
using System.Globalization;
using System.Text;

namespace Recommender.Training.Evaluation.Themes;

public static class ThemeCheckMarkdown
{
    public static string Section(ThemeCheckResult result, int seed)
    {
        var md = new StringBuilder();
        md.AppendLine("## Theme check: five seed papers → top 10").AppendLine();
        md.AppendLine($"Fixture: {result.Pages.Count} pages × {result.PapersPerPage} short abstracts composed from this project's own phrase banks " +
            "(`src/Recommender.Training/Evaluation/Themes/theme-pages.json`): half the papers use another page's method, half carry a sentence on another page's " +
            "topic and finding, so the pages overlap in words as real fields do. " +
            $"Per page, {result.Draws} random draws of {result.Seeds} seed papers (seed {seed}; every method sees the same draws); the user vector is the " +
            $"normalized centroid of the seeds' vectors; the figure is the share of the top {result.TopK} by cosine over all pages' papers (seeds excluded) " +
            "that comes from the seed page. 1.000 is perfect; picking at random gives about " + F(1.0 / result.Pages.Count) + ".").AppendLine();
        md.AppendLine("| method | " + string.Join(" | ", result.Pages) + " | mean | papers/s encoded (this run) |");
        md.AppendLine("|---|" + string.Concat(result.Pages.Select(_ => "---:|")) + "---:|---:|");
        foreach (var method in result.Methods)
        {
            md.AppendLine($"| {method.Method} | " + string.Join(" | ", result.Pages.Select(p => F(method.ShareByPage[p]))) +
                $" | **{F(method.MeanShare)}** | {method.PapersPerSecond.ToString("N0", CultureInfo.InvariantCulture)} |");
        }
        md.AppendLine();
        return md.ToString();
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
