// Renders the plain-text part: the same content as the HTML, with links spelled out.
using System.Text;

namespace Recommender.Digests.Rendering;

public static class DigestText
{
    public static string Render(DigestModel model)
    {
        var text = new StringBuilder();
        text.AppendLine(model.Greeting).AppendLine();
        text.AppendLine(model.Papers.Count == 1
            ? $"Here is 1 new paper picked for you ({model.Period})."
            : $"Here are {model.Papers.Count} new papers picked for you ({model.Period}).");
        var number = 1;
        foreach (var paper in model.Papers)
        {
            text.AppendLine().AppendLine($"{number++}. {paper.Title}");
            AppendIf(text, "   ", paper.AuthorLine);
            AppendIf(text, "   ", paper.DateLine);
            text.AppendLine($"   Why: {string.Join(" · ", paper.Reasons)}");
            AppendIf(text, "   Open: ", paper.OpenUrl);
            text.AppendLine($"   Save: {paper.SaveUrl}");
            text.AppendLine($"   Not interested: {paper.NotInterestedUrl}");
        }
        text.AppendLine().AppendLine("-- ");
        text.AppendLine($"You get this email because you subscribed to {(model.Weekly ? "weekly" : "daily")} paper digests as {model.Email}.");
        text.AppendLine($"Unsubscribe in one click: {model.UnsubscribeUrl}");
        return text.ToString();
    }

    private static void AppendIf(StringBuilder text, string prefix, string value)
    {
        if (value.Length > 0)
        {
            text.Append(prefix).AppendLine(value);
        }
    }
}
