// Checks of digest settings and ledger keys; failures name the field (INVALID_ARGUMENT).
using System.Text.RegularExpressions;
using Grpc.Core;
using static Recommender.Server.Api.RequestValidation;

namespace Recommender.Server.Digests;

public static partial class DigestValidation
{
    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\d{4}-(\d{2}-\d{2}|W\d{2})$")]
    private static partial Regex PeriodPattern();

    /// <summary>local@domain.tld with no spaces, quotes or comments: what a mail server will take as a recipient.</summary>
    public static string Email(string value, string field)
    {
        var email = Text(value, field, 254, required: false);
        if (email.Length > 0 && (!EmailPattern().IsMatch(email) || email.Contains("..") || email.StartsWith('.') || email.Contains(".@")))
        {
            throw Invalid(field, $"'{Shorten(email)}' is not an email address");
        }
        return email;
    }

    /// <summary>An IANA zone id ("Europe/Berlin", "UTC"); Windows names and offsets are refused.</summary>
    public static string TimeZone(string value, string field)
    {
        var id = value.Trim();
        if (id.Length == 0 || id.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId)
        {
            throw Invalid(field, $"'{Shorten(id)}' is not an IANA time zone (e.g. Europe/Berlin)");
        }
        return zone.Id;
    }

    public static int Hour(int value, string field) =>
        value is >= 0 and <= 23 ? value : throw Invalid(field, $"must be an hour from 0 to 23; got {value}");

    public static string Period(string value, string field) =>
        PeriodPattern().IsMatch(value) ? value : throw Invalid(field, $"'{Shorten(value)}' is not a day (2026-11-26) or ISO week (2026-W48)");

    public static string LeaseToken(string value, string field) =>
        value.Length is > 0 and <= 64 ? value : throw Invalid(field, "must be the lease_token of a claim");

    public static int Range(int value, int defaultValue, int min, int max, string field) => value switch
    {
        0 => defaultValue,
        _ when value >= min && value <= max => value,
        _ => throw Invalid(field, $"must be between {min} and {max} (or 0 for {defaultValue}); got {value}"),
    };

    public static RpcException LeaseLost(string userId, string period) =>
        new(new Status(StatusCode.FailedPrecondition, $"lease_token: the lease on ({userId}, {period}) is no longer held"));
}
