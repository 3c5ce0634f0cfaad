// Input limits of the API and the checks that enforce them. Every failure names the
// request field, so a caller knows what to fix.
using System.Text.RegularExpressions;
using Grpc.Core;

namespace Recommender.Server.Api;

public static partial class RequestValidation
{
    public const int MaxTitleLength = 500;
    public const int MaxAbstractLength = 20_000;
    public const int MaxAuthors = 1_000;
    public const int MaxAuthorLength = 200;
    public const int MaxCategories = 32;
    public const int MaxUrlLength = 2_048;
    public const int MaxKeywords = 64;
    public const int MaxSeedPapers = 64;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$")]
    private static partial Regex PaperIdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")]
    private static partial Regex UserIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex TopicIdPattern();

    public static RpcException Invalid(string field, string message) =>
        new(new Status(StatusCode.InvalidArgument, $"{field}: {message}"));

    public static RpcException NotFound(string field, string id) =>
        new(new Status(StatusCode.NotFound, $"{field}: '{Shorten(id)}' does not exist"));

    public static string PaperId(string value, string field) =>
        Matches(PaperIdPattern(), value, field, "1-128 letters, digits or . _ : / -, starting with a letter or digit");

    public static string UserId(string value, string field) =>
        Matches(UserIdPattern(), value, field, "1-128 letters, digits or . _ @ -, starting with a letter or digit");

    public static string TopicId(string value, string field) =>
        Matches(TopicIdPattern(), value, field, "1-64 lower-case letters, digits or -, starting with a letter or digit");

    public static string Text(string value, string field, int maxLength, bool required = true)
    {
        var trimmed = value.Trim();
        if (required && trimmed.Length == 0)
        {
            throw Invalid(field, "must not be empty");
        }
        if (trimmed.Length > maxLength)
        {
            throw Invalid(field, $"must be at most {maxLength} characters (got {trimmed.Length})");
        }
        return trimmed;
    }

    public static int PageSize(int value, int defaultSize, int max, string field = "page_size")
    {
        if (value == 0)
        {
            return defaultSize;
        }
        if (value < 0 || value > max)
        {
            throw Invalid(field, $"must be between 1 and {max} (or 0 for {defaultSize}); got {value}");
        }
        return value;
    }

    private static string Matches(Regex pattern, string value, string field, string rule)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Invalid(field, "must not be empty");
        }
        if (!pattern.IsMatch(value))
        {
            throw Invalid(field, $"'{Shorten(value)}' is not valid: {rule}");
        }
        return value;
    }

    /// <summary>A value as quoted in an error: long ones cut, so an answer never carries a megabyte back in its trailers.</summary>
    public static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
