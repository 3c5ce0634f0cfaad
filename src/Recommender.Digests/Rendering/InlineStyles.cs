// Moves the stylesheet into style attributes without parsing every mail: PreMailer inlines the
// stylesheet once, on a probe element per class list the templates use, and each rendered mail
// then only swaps class="…" for the style PreMailer computed. This holds because the stylesheet
// uses single-class selectors only (no descendants, ids or pseudo-classes), so an element's
// style depends on its class list alone.
using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using AngleSharp.Html.Parser;
using System.Text.RegularExpressions;

namespace Recommender.Digests.Rendering;

public static partial class InlineStyles
{
    [GeneratedRegex("\\sclass=\"([^\"]*)\"")]
    private static partial Regex ClassAttribute();

    /// <summary>Every class list the templates write, mapped to its inline style.</summary>
    private static readonly FrozenDictionary<string, string> Styles = Compute(DigestStyles.ClassLists);

    /// <summary>Replaces each class attribute with the style PreMailer gives that class list.</summary>
    public static string Apply(string html) => ClassAttribute().Replace(html, match =>
        Styles.TryGetValue(match.Groups[1].Value, out var style)
            ? style.Length == 0 ? "" : $" style=\"{style}\""
            : throw new InvalidOperationException($"class=\"{match.Groups[1].Value}\" is not in DigestStyles.ClassLists"));

    private static FrozenDictionary<string, string> Compute(IReadOnlyList<string> classLists)
    {
        var probes = string.Concat(classLists.Select((classes, i) => $"<i data-probe=\"{i}\" class=\"{classes}\"></i>"));
        var html = $"<html><head><style>{DigestStyles.Css}</style></head><body>{probes}</body></html>";
        var inlined = PreMailer.Net.PreMailer.MoveCssInline(html, removeStyleElements: true, stripIdAndClassAttributes: true).Html;
        var probed = new HtmlParser().ParseDocument(inlined).QuerySelectorAll("[data-probe]")
            .ToDictionary(e => e.GetAttribute("data-probe")!, e => e.GetAttribute("style") ?? "");
        return classLists.Select((classes, i) => (classes, style: probed.GetValueOrDefault(i.ToString(CultureInfo.InvariantCulture), "")))
            .ToFrozenDictionary(p => p.classes, p => WebUtility.HtmlEncode(p.style));
    }
}
