// WatchFeed cursors: the set of papers (catalogue positions) the client's copy of the feed
// holds, sorted and delta-encoded. Any silo can resume from one with no state of its own: what
// changed since is the difference between the cursor's set and the feed now.
using System.Buffers.Text;

namespace Recommender.Server.Watch;

public static class FeedWatchCursor
{
    private const byte Version = 1;

    /// <summary>More entries than any feed keeps (FeedSize is at most a few hundred).</summary>
    public const int MaxEntries = 10_000;

    public static string Encode(IEnumerable<long> positions)
    {
        var sorted = positions.Order().ToArray();
        var bytes = new List<byte>(1 + sorted.Length * 3) { Version };
        var previous = 0L;
        foreach (var position in sorted)
        {
            for (var delta = (ulong)(position - previous); ; delta >>= 7)
            {
                if (delta < 0x80)
                {
                    bytes.Add((byte)delta);
                    break;
                }
                bytes.Add((byte)(delta | 0x80));
            }
            previous = position;
        }
        return Base64Url.EncodeToString(bytes.ToArray());
    }

    /// <summary>The positions a cursor holds; null when it is not a cursor this server issued.</summary>
    public static HashSet<long>? Decode(string cursor)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length == 0 || bytes[0] != Version)
        {
            return null;
        }
        var positions = new HashSet<long>();
        var previous = 0L;
        for (var i = 1; i < bytes.Length;)
        {
            ulong delta = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (i == bytes.Length || shift > 56)
                {
                    return null;
                }
                var b = bytes[i++];
                delta |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }
            previous += (long)delta;
            positions.Add(previous);
            if (previous < 0 || positions.Count > MaxEntries)
            {
                return null;
            }
        }
        return positions;
    }
}
