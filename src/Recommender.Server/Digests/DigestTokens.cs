// Signed, expiring tokens for the links in a digest (unsubscribe, save, not interested).
// HMAC-SHA256 over the payload; the key is the service's own (see DigestStore.SigningKeyAsync).
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Recommender.Server.Digests;

public enum LinkAction
{
    Unsubscribe,
    Save,
    NotInterested,
}

/// <summary>What a valid token allows: an action for a user (and a paper, for feedback).</summary>
public sealed record LinkGrant(LinkAction Action, string UserId, string PaperId, DateTimeOffset ExpiresAt);

public enum TokenCheck
{
    Valid,
    Malformed,
    Expired,
}

public sealed class DigestTokens(byte[] key)
{
    // Separator that user and paper ids cannot contain (see RequestValidation).
    private const char Separator = '|';

    public string Issue(LinkGrant grant)
    {
        var payload = string.Join(Separator, "v1", grant.Action.ToString(), grant.UserId, grant.PaperId,
            grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var bytes = Encoding.UTF8.GetBytes(payload);
        return WebEncoders.Base64UrlEncode(bytes) + "." + WebEncoders.Base64UrlEncode(Sign(bytes));
    }

    /// <summary>Checks signature and expiry; the grant is returned only when both hold.</summary>
    public TokenCheck Check(string token, DateTimeOffset now, out LinkGrant? grant)
    {
        grant = null;
        var dot = token.IndexOf('.');
        if (dot <= 0 || !TryDecode(token[..dot], out var payload) || !TryDecode(token[(dot + 1)..], out var signature)
            || !CryptographicOperations.FixedTimeEquals(signature, Sign(payload)))
        {
            return TokenCheck.Malformed;
        }
        var parts = Encoding.UTF8.GetString(payload).Split(Separator);
        if (parts.Length != 5 || parts[0] != "v1" || !Enum.TryParse<LinkAction>(parts[1], out var action)
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return TokenCheck.Malformed;
        }
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires);
        if (expiresAt <= now)
        {
            return TokenCheck.Expired;
        }
        grant = new LinkGrant(action, parts[2], parts[3], expiresAt);
        return TokenCheck.Valid;
    }

    /// <summary>A stable, unguessable per-user value (for Message-IDs): no user id leaks into headers.</summary>
    public string Pseudonym(string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("pseudonym|" + userId)))[..24];

    private byte[] Sign(byte[] payload) => HMACSHA256.HashData(key, payload);

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = WebEncoders.Base64UrlDecode(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
