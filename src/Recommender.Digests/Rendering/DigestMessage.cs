// Builds the MIME message: multipart/alternative (text, then HTML), a Message-ID that is the same
// for every attempt at a (user, period), and RFC 8058 one-click unsubscribe headers.
using MimeKit;

namespace Recommender.Digests.Rendering;

public static class DigestMessage
{
    public static MimeMessage Build(DigestModel model, string html, string from, string messageId, string unsubscribeMailto, DateTimeOffset date)
    {
        var message = new MimeMessage { Subject = model.Subject, MessageId = messageId, Date = date };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(model.DisplayName, model.Email));
        var unsubscribe = $"<{model.UnsubscribeUrl}>";
        if (unsubscribeMailto.Length > 0)
        {
            unsubscribe += $", <mailto:{unsubscribeMailto}?subject=unsubscribe>";
        }
        message.Headers.Add(HeaderId.ListUnsubscribe, unsubscribe);
        message.Headers.Add(HeaderId.ListUnsubscribePost, "List-Unsubscribe=One-Click");
        // Tells well-behaved servers not to answer with vacation replies.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new MultipartAlternative
        {
            new TextPart("plain") { Text = DigestText.Render(model) },
            new TextPart("html") { Text = html },
        };
        return message;
    }
}
