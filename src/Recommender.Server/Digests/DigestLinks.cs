// The signed links a digest carries, pointing at the service's public HTTP address.
namespace Recommender.Server.Digests;

public sealed class DigestLinks(DigestTokens tokens, Uri publicUrl)
{
    /// <summary>Unsubscribe links stay good for a year: old mails must still let a reader leave.</summary>
    public static readonly TimeSpan UnsubscribeLifetime = TimeSpan.FromDays(365);
    public static readonly TimeSpan FeedbackLifetime = TimeSpan.FromDays(30);

    public string Unsubscribe(string userId, DateTimeOffset now) =>
        Url("unsubscribe", new LinkGrant(LinkAction.Unsubscribe, userId, "", now + UnsubscribeLifetime));

    public string Feedback(string userId, string paperId, LinkAction action, DateTimeOffset now) =>
        Url("feedback", new LinkGrant(action, userId, paperId, now + FeedbackLifetime));

    /// <summary>A Message-ID that is the same for every attempt at a (user, period), so mailbox
    /// providers fold a resend into the first copy; it names no user.</summary>
    public string MessageId(string userId, string period) => $"digest.{period}.{tokens.Pseudonym(userId)}@{publicUrl.Host}";

    private string Url(string path, LinkGrant grant) => new Uri(publicUrl, $"{path}/{tokens.Issue(grant)}").ToString();
}
