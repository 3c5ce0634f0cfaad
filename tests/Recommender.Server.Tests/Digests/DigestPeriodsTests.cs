// Digest periods: the user's local day or ISO week, due from the send hour on.
using Recommender.Abstractions.Users;
using Recommender.Server.Digests;

namespace Recommender.Server.Tests.Digests;

public sealed class DigestPeriodsTests
{
    // Thursday 26 Nov 2026, 13:30 UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 13, 30, 0, TimeSpan.Zero);

    private static DigestSubscriber User(DigestCadence cadence, string zone, int hour) =>
        new() { UserId = "u", Email = "u@example.org", Cadence = cadence, TimeZone = zone, SendHour = hour };

    [Theory]
    [InlineData("UTC", 13, "2026-11-26")]
    [InlineData("UTC", 14, null)]
    [InlineData("Pacific/Kiritimati", 3, "2026-11-27")] // UTC+14: already Friday, 03:30
    [InlineData("Pacific/Kiritimati", 4, null)]
    [InlineData("America/Los_Angeles", 5, "2026-11-26")] // UTC-8: 05:30
    [InlineData("America/Los_Angeles", 6, null)]
    [InlineData("Asia/Kolkata", 19, "2026-11-26")] // UTC+5:30: 19:00
    public void A_daily_digest_is_due_from_the_send_hour_of_the_users_own_day(string zone, int hour, string? expected) =>
        Assert.Equal(expected, DigestPeriods.DuePeriod(User(DigestCadence.Daily, zone, hour), Now, ignoreSendHour: false));

    [Fact]
    public void A_weekly_digest_is_the_iso_week_and_waits_only_for_mondays_send_hour()
    {
        var monday = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);
        Assert.Equal("2026-W48", DigestPeriods.DuePeriod(User(DigestCadence.Weekly, "UTC", 20), Now, ignoreSendHour: false));
        Assert.Null(DigestPeriods.DuePeriod(User(DigestCadence.Weekly, "UTC", 7), monday, ignoreSendHour: false));
        Assert.Equal("2026-W48", DigestPeriods.DuePeriod(User(DigestCadence.Weekly, "UTC", 6), monday, ignoreSendHour: false));
        // Sunday 31 Dec 2028 belongs to ISO week 52 of 2028; Monday 1 Jan 2029 to week 1 of 2029.
        Assert.Equal("2029-W01", DigestPeriods.DuePeriod(User(DigestCadence.Weekly, "Asia/Tokyo", 0), new DateTimeOffset(2028, 12, 31, 16, 0, 0, TimeSpan.Zero), false));
    }

    [Fact]
    public void Now_makes_every_subscribed_period_due_but_never_means_never()
    {
        Assert.Equal("2026-11-26", DigestPeriods.DuePeriod(User(DigestCadence.Daily, "UTC", 23), Now, ignoreSendHour: true));
        Assert.Null(DigestPeriods.DuePeriod(User(DigestCadence.Never, "UTC", 0), Now, ignoreSendHour: true));
    }
}
