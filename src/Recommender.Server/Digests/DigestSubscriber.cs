// A user's digest settings as the ledger keeps them (table recommender_digest_subscribers).
using Recommender.Abstractions.Users;

namespace Recommender.Server.Digests;

public sealed record DigestSubscriber
{
    public const string DefaultTimeZone = "UTC";
    public const int DefaultSendHour = 7;

    public required string UserId { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public DigestCadence Cadence { get; init; } = DigestCadence.Daily;
    public string TimeZone { get; init; } = DefaultTimeZone;
    public int SendHour { get; init; } = DefaultSendHour;
    /// <summary>The address a mail server refused for good; empty when none.</summary>
    public string SuppressedEmail { get; init; } = "";
}
