// Which digest period a user is in (their local day or ISO week) and whether it is due yet.
using System.Globalization;
using Recommender.Abstractions.Users;

namespace Recommender.Server.Digests;

public static class DigestPeriods
{
    /// <summary>The current period of a subscriber, or null when it is not due yet (or never).</summary>
    /// <remarks>A weekly digest falls due at the send hour on Monday and stays due all week, so a
    /// generator that was down on Monday still sends it later that week.</remarks>
    public static string? DuePeriod(DigestSubscriber subscriber, DateTimeOffset now, bool ignoreSendHour)
    {
        if (subscriber.Cadence == DigestCadence.Never)
        {
            return null;
        }
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(subscriber.TimeZone));
        var reachedHour = ignoreSendHour || local.Hour >= subscriber.SendHour;
        return subscriber.Cadence == DigestCadence.Weekly
            ? (reachedHour || local.DayOfWeek != DayOfWeek.Monday ? Week(local.DateTime) : null)
            : (reachedHour ? Day(local.DateTime) : null);
    }

    public static string Day(DateTime local) => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Week(DateTime local) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(local)}-W{ISOWeek.GetWeekOfYear(local):00}");
}
