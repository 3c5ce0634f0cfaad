// Feed page tokens that pin what the client has been shown, not an offset. A token holds the
// last item shown (score, paper id), a hash of every paper shown so far, and of every paper that
// was still to come when the token was made. The next page is the feed now, in order, minus what
// was shown, keeping what was still to come (wherever a re-scoring moved it) and papers that
// arrived below the last one shown. So paging through a feed that changes meanwhile (papers
// arriving, papers hidden, the whole feed re-scored after feedback) never repeats or skips an
// item; papers that arrive above the pin are the watch stream's news, not the next page's.
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using Recommender.Grains.Papers;

namespace Recommender.Server.Api;

public static class FeedPageTokens
{
    private const byte Version = 1;

    /// <summary>More papers than any feed keeps (FeedSize is at most a few hundred).</summary>
    private const int MaxPapers = 10_000;

    /// <summary>What a token says the client has seen: the last item, and hashes of the papers shown and still to come.</summary>
    public sealed record Position(float Score, string PaperId, HashSet<uint> Shown, HashSet<uint> Pending);

    /// <summary>One item of a feed as paging sees it; <paramref name="Hash"/> is <see cref="PaperIdHash"/> of the id (cards keep it, so reads need not hash).</summary>
    public readonly record struct Key(string PaperId, float Score, uint Hash)
    {
        public Key(string paperId, float score) : this(paperId, score, PaperIdHash.Of(paperId))
        {
        }
    }

    /// <summary>The indexes of the items of <paramref name="feed"/> (in feed order) that the pages after <paramref name="position"/> are made of.</summary>
    public static IEnumerable<int> Remaining(IReadOnlyList<Key> feed, Position? position)
    {
        if (position is null)
        {
            return Enumerable.Range(0, feed.Count);
        }
        // "Below the last item shown" means after it in the feed as it is now (a re-scoring moves
        // it too); only when it has left, below its score.
        var pin = -1;
        for (var i = 0; i < feed.Count && pin < 0; i++)
        {
            pin = feed[i].PaperId == position.PaperId ? i : -1;
        }
        return Enumerable.Range(0, feed.Count).Where(index => Continues(feed[index], index, pin, position));
    }

    /// <summary>The first page's "shown before": never changed.</summary>
    private static readonly HashSet<uint> NoneShown = [];

    /// <summary>A token for the pages after <paramref name="page"/>; <paramref name="rest"/> are the items still to come.</summary>
    public static string After(Position? previous, IReadOnlyList<Key> page, IReadOnlyList<Key> rest)
    {
        // Shown: what the previous token had shown, and this page. A page never holds a paper shown before
        // (Remaining leaves them out), so only a hash collision would repeat one, and Parse reads the hashes into a set.
        var earlier = previous?.Shown ?? NoneShown;
        var newlyShown = 0;
        for (var i = 0; i < page.Count; i++)
        {
            newlyShown += earlier.Contains(page[i].Hash) ? 0 : 1;
        }
        var last = page[^1];
        var idLength = Encoding.UTF8.GetByteCount(last.PaperId);
        var length = 1 + 4 + 2 + idLength + 4 + 4 * (earlier.Count + newlyShown) + 4 + 4 * rest.Count;
        var bytes = length <= 4096 ? stackalloc byte[length] : new byte[length];
        bytes[0] = Version;
        BinaryPrimitives.WriteSingleLittleEndian(bytes[1..], last.Score);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[5..], (ushort)idLength);
        Encoding.UTF8.GetBytes(last.PaperId, bytes[7..]);
        var at = 7 + idLength;
        BinaryPrimitives.WriteInt32LittleEndian(bytes[at..], earlier.Count + newlyShown);
        at += 4;
        foreach (var hash in earlier)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[at..], hash);
            at += 4;
        }
        for (var i = 0; i < page.Count; i++)
        {
            if (!earlier.Contains(page[i].Hash))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes[at..], page[i].Hash);
                at += 4;
            }
        }
        // Still to come: one entry per paper of the feed, so each hash once.
        BinaryPrimitives.WriteInt32LittleEndian(bytes[at..], rest.Count);
        at += 4;
        for (var i = 0; i < rest.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[at..], rest[i].Hash);
            at += 4;
        }
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>What a token holds; null for text that is not such a token (e.g. an offset token of an earlier version).</summary>
    public static Position? Parse(string token)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length < 7 || bytes[0] != Version)
        {
            return null;
        }
        var span = bytes.AsSpan();
        var score = BinaryPrimitives.ReadSingleLittleEndian(span[1..]);
        int idLength = BinaryPrimitives.ReadUInt16LittleEndian(span[5..]);
        if (7 + idLength > bytes.Length)
        {
            return null;
        }
        var id = Encoding.UTF8.GetString(span.Slice(7, idLength));
        var at = 7 + idLength;
        var sets = new HashSet<uint>[2];
        for (var s = 0; s < 2; s++)
        {
            if (at + 4 > bytes.Length)
            {
                return null;
            }
            var count = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
            at += 4;
            if (count < 0 || count > MaxPapers || at + 4L * count > bytes.Length)
            {
                return null;
            }
            sets[s] = new HashSet<uint>(count);
            for (var i = 0; i < count; i++, at += 4)
            {
                sets[s].Add(BinaryPrimitives.ReadUInt32LittleEndian(span[at..]));
            }
        }
        return at == bytes.Length && float.IsFinite(score) ? new Position(score, id, sets[0], sets[1]) : null;
    }

    /// <summary>Not shown yet, and either still to come when the token was made or ranked below its last item.</summary>
    private static bool Continues(Key entry, int index, int pin, Position position)
    {
        var hash = entry.Hash;
        if (position.Shown.Contains(hash))
        {
            return false;
        }
        return position.Pending.Contains(hash) || (pin >= 0 ? index > pin
            : entry.Score < position.Score || (entry.Score == position.Score && string.CompareOrdinal(entry.PaperId, position.PaperId) < 0));
    }
}
