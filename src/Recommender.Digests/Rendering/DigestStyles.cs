// The digest's stylesheet; it is moved into style attributes (InlineStyles), since many mail
// clients drop <style>. Single-class selectors only: see InlineStyles.
namespace Recommender.Digests;

public static class DigestStyles
{
    /// <summary>Every class="…" value the templates write (a template using another fails to render).</summary>
    public static readonly IReadOnlyList<string> ClassLists =
    [
        "body", "outer", "sheet", "header", "brand", "title", "lead", "item", "paper-title", "title-link",
        "authors", "date", "why", "actions", "button", "button button-quiet", "footer", "muted-link",
    ];

    public const string Css = """
        .body { margin: 0; padding: 0; background: #f2f3f5; }
        .outer { background: #f2f3f5; }
        .sheet { width: 600px; max-width: 600px; background: #ffffff; font-family: Helvetica, Arial, sans-serif; color: #1f2328; }
        .header { padding: 28px 32px 12px 32px; border-bottom: 1px solid #e4e6ea; }
        .brand { font-size: 12px; letter-spacing: 1px; text-transform: uppercase; color: #6b7280; }
        .title { margin: 6px 0 8px 0; font-size: 24px; line-height: 30px; font-weight: bold; color: #111827; }
        .lead { margin: 0 0 8px 0; font-size: 15px; line-height: 22px; color: #374151; }
        .item { padding: 18px 32px; border-bottom: 1px solid #eef0f3; }
        .paper-title { font-size: 17px; line-height: 23px; font-weight: bold; color: #111827; }
        .title-link { color: #1d4ed8; text-decoration: none; }
        .authors { margin-top: 4px; font-size: 14px; line-height: 20px; color: #374151; }
        .date { margin-top: 2px; font-size: 13px; line-height: 18px; color: #6b7280; }
        .why { margin-top: 6px; font-size: 13px; line-height: 18px; color: #047857; }
        .actions { margin-top: 10px; }
        .button { display: inline-block; margin-right: 8px; padding: 6px 12px; border: 1px solid #1d4ed8; border-radius: 4px; font-size: 13px; color: #1d4ed8; text-decoration: none; }
        .button-quiet { border-color: #9ca3af; color: #4b5563; }
        .footer { padding: 20px 32px 28px 32px; font-size: 12px; line-height: 18px; color: #6b7280; }
        .muted-link { color: #4b5563; text-decoration: underline; }
        """;
}
