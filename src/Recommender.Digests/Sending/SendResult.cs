// What became of one attempt to hand a message over.
namespace Recommender.Digests.Sending;

public enum SendStatus
{
    /// <summary>Taken (SMTP 2xx, or written to a file).</summary>
    Accepted,
    /// <summary>Worth retrying: 4xx, connection refused or dropped, time-out.</summary>
    Transient,
    /// <summary>The server refused the recipient for good (5xx).</summary>
    RecipientRejected,
    /// <summary>A 5xx about the sender or the message: retrying will not help until someone fixes the setup.</summary>
    Failed,
}

public sealed record SendResult(SendStatus Status, string Reply);
