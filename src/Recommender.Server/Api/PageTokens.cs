// Opaque page tokens: a versioned offset or catalogue position, so a client cannot depend on the format.
using System.Buffers.Text;
using System.Text;

namespace Recommender.Server.Api;

public static class PageTokens
{
    private const string Prefix = "o1:";
    private const string PositionPrefix = "p1:";
    public const int MaxOffset = 1_000_000;

    public static string Next(long offset, int pageCount, long total) =>
        offset + pageCount < total ? Encode(Prefix, offset + pageCount) : "";

    public static long Offset(string token, string field = "page_token") => Decode(token, Prefix, MaxOffset, field);

    /// <summary>A token to continue a listing after catalogue position <paramref name="position"/>; "" when there is none.</summary>
    public static string After(long? position) => position is { } value ? Encode(PositionPrefix, value) : "";

    /// <summary>The position a token from <see cref="After"/> continues from; 0 for the first page.</summary>
    public static long Position(string token, string field = "page_token") => Decode(token, PositionPrefix, long.MaxValue, field);

    private static string Encode(string prefix, long value) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(prefix + value));

    private static long Decode(string token, string prefix, long max, string field)
    {
        if (token.Length == 0)
        {
            return 0;
        }
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(prefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(prefix.Length), out var value)
                && value >= 0 && value <= max)
            {
                return value;
            }
        }
        catch (FormatException)
        {
        }
        throw RequestValidation.Invalid(field, "is not a token this server issued");
    }
}
