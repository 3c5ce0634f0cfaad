// Digest settings on the Users API: merging an upsert into the stored settings, and showing them on a User.
using Recommender.Abstractions.Users;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Digests;

public static class DigestSettings
{
    /// <summary>The settings after an upsert: what the request gave, else what was stored, else the defaults.</summary>
    public static DigestSubscriber Merge(DigestSubscriber? current, UserProfile saved, string? timeZone, int? sendHour) => new()
    {
        UserId = saved.Id,
        Email = saved.Email,
        DisplayName = saved.DisplayName,
        Cadence = saved.Digest,
        TimeZone = timeZone ?? current?.TimeZone ?? DigestSubscriber.DefaultTimeZone,
        SendHour = sendHour ?? current?.SendHour ?? DigestSubscriber.DefaultSendHour,
    };

    /// <summary>The ledger's settings are authoritative for digests (an unsubscribe changes only them).</summary>
    public static V1.User WithDigest(this V1.User user, DigestSubscriber? settings)
    {
        if (settings is null)
        {
            return user;
        }
        user.Digest = settings.Cadence switch
        {
            DigestCadence.Never => V1.DigestCadence.Never,
            DigestCadence.Weekly => V1.DigestCadence.Weekly,
            _ => V1.DigestCadence.Daily,
        };
        user.TimeZone = settings.TimeZone;
        user.DigestSendHour = settings.SendHour;
        user.SuppressedEmail = settings.SuppressedEmail == settings.Email ? settings.SuppressedEmail : "";
        return user;
    }
}
