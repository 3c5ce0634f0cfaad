// Opaque page tokens: a versioned offset, so a client cannot depend on the format.
using System.Buffers.Text;
using System.Text;

namespace Recommender.Server.Api;

public static class PageTokens
{
    private const string Prefix = "o1:";
    public const int MaxOffset = 1_000_000;

    public static string Next(long offset, int pageCount, long total) =>
        offset + pageCount < total ? Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + (offset + pageCount))) : "";

    public static long Offset(string token, string field = "page_token")
    {
        if (token.Length == 0)
        {
            return 0;
        }
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(Prefix.Length), out var offset)
                && offset is >= 0 and <= MaxOffset)
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }
        throw RequestValidation.Invalid(field, "is not a token this server issued");
    }
}
