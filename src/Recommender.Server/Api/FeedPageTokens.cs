// Feed page tokens that pin the last item shown (its score and paper id) instead of an offset:
// a paper entering or leaving the feed above that item shifts every offset, never the pin.
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Recommender.Abstractions.Feeds;

namespace Recommender.Server.Api;

public static class FeedPageTokens
{
    private const string Prefix = "s1:";

    /// <summary>The last item a page showed.</summary>
    public readonly record struct Pin(float Score, string PaperId);

    /// <summary>A token continuing after <paramref name="last"/>.</summary>
    public static string After(FeedEntry last) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        $"{Prefix}{BitConverter.SingleToInt32Bits(last.Score).ToString("x8", CultureInfo.InvariantCulture)}:{last.PaperId}"));

    /// <summary>The pin a token holds; null for a token of another kind (an offset token of an earlier version).</summary>
    public static Pin? Parse(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.Length > Prefix.Length + 9 && text.StartsWith(Prefix, StringComparison.Ordinal) && text[Prefix.Length + 8] == ':'
                && int.TryParse(text.AsSpan(Prefix.Length, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
            {
                return new Pin(BitConverter.Int32BitsToSingle(bits), text[(Prefix.Length + 9)..]);
            }
        }
        catch (FormatException)
        {
        }
        return null;
    }

    /// <summary>
    /// Where the page after <paramref name="pin"/> starts in <paramref name="feed"/> (in feed order):
    /// right after the pinned paper while it is there; otherwise at the first item ranked below
    /// where it was (lower score; an exact tie with a paper that left is broken by paper id,
    /// which may differ from the store's order only in that rare case).
    /// </summary>
    public static int StartAfter(IReadOnlyList<FeedEntry> feed, Pin pin)
    {
        for (var i = 0; i < feed.Count; i++)
        {
            if (feed[i].PaperId == pin.PaperId && feed[i].Score == pin.Score)
            {
                return i + 1;
            }
        }
        for (var i = 0; i < feed.Count; i++)
        {
            if (feed[i].Score < pin.Score || (feed[i].Score == pin.Score && string.CompareOrdinal(feed[i].PaperId, pin.PaperId) < 0))
            {
                return i;
            }
        }
        return feed.Count;
    }
}
