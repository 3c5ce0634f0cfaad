// A stored feed as one Redis value: an 8-byte header (a write token, the count of sorted entries), the
// entries in feed order, 28 bytes each, and then a tail of entries appended since, in arrival order.
// One value per feed makes a read one GET and a merge one SET, whatever the feed's length: the merge
// runs on the writing silo, not on Redis's single thread (whose per-entry work in sorted sets and
// hashes bounded the fan-out). The tail lets a feed with room take new papers by APPEND, without
// the whole value travelling to the silo and back.
using System.Buffers.Binary;

namespace Recommender.Storage.Feeds;

public static class PackedFeed
{
    public const int HeaderSize = 8;

    /// <summary>Position (8 bytes), score (4), details (16).</summary>
    public const int EntrySize = 28;

    /// <summary>Length of the header and the first <paramref name="entries"/> entries.</summary>
    public static int BytesUpTo(int entries) => HeaderSize + EntrySize * entries;

    /// <summary>A token that a later write expects to find in place (the compare-and-set of RedisFeedStore).</summary>
    public static byte[] NewToken()
    {
        var token = new byte[4];
        Random.Shared.NextBytes(token);
        return token;
    }

    /// <summary>The write token of a stored value.</summary>
    public static byte[] TokenOf(ReadOnlySpan<byte> value) => value[..4].ToArray();

    /// <summary>
    /// Entries [offset, offset + take) of a stored value, or of its first bytes when it has no tail (a page read may
    /// ask only for those), and the feed's whole length; null when the bytes are not a feed's (the caller then treats
    /// the feed as lost).
    /// </summary>
    /// <param name="capacity">The feed's K: a value may hold more entries (a tail, or what is left after a paper was taken out).</param>
    public static (FeedItem[] Items, int Total)? Unpack(ReadOnlySpan<byte> value, int offset = 0, int take = int.MaxValue, int capacity = int.MaxValue)
    {
        if (value.Length < HeaderSize || (value.Length - HeaderSize) % EntrySize != 0)
        {
            return null;
        }
        if (value.Length > BytesUpTo(CountOf(value)))
        {
            // A tail: sort it in first.
            if (Merge(value, [], capacity) is not var (sorted, _))
            {
                return null;
            }
            value = sorted;
        }
        var total = Math.Min(CountOf(value), capacity);
        var end = (int)Math.Min(total, (long)offset + take);
        if (total < 0 || (end > offset && value.Length < BytesUpTo(end)))
        {
            return null;
        }
        var items = new FeedItem[Math.Max(0, end - offset)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Read(value.Slice(BytesUpTo(offset + i), EntrySize));
        }
        return (items, total);
    }

    /// <summary>
    /// The stored value with <paramref name="items"/> merged in, under a new token: one entry per paper (an item
    /// replaces its paper's entry), the best <paramref name="capacity"/> in feed order, and the score a paper must
    /// now beat (-infinity while there is room). Entries are copied as bytes, never decoded: a busy silo merges
    /// thousands of feeds a second. Null when the stored bytes are not a feed's.
    /// </summary>
    /// <param name="stored">A whole stored value, tail included; empty for a new feed.</param>
    /// <param name="items">One per paper, in any order.</param>
    public static (byte[] Value, float Threshold)? Merge(ReadOnlySpan<byte> stored, IReadOnlyList<FeedItem> items, int capacity)
    {
        if (!stored.IsEmpty && !IsWhole(stored))
        {
            return null;
        }
        var count = stored.IsEmpty ? 0 : CountOf(stored);
        var added = stored.Length > BytesUpTo(count) ? WithTail(stored, count, items) : items.ToArray();
        stored = stored[..Math.Min(stored.Length, BytesUpTo(count))];
        Array.Sort(added, FeedOrder);
        var buffer = new byte[BytesUpTo(Math.Min(capacity, count + added.Length))];
        var kept = 0;
        var next = 0;
        for (var i = 0; kept < capacity && (i < count || next < added.Length); kept++)
        {
            // Skip the stored entries of papers that come again.
            while (i < count && Contains(added, Position(stored, i)))
            {
                i++;
            }
            var target = buffer.AsSpan(BytesUpTo(kept), EntrySize);
            if (next < added.Length && (i >= count || Precedes(added[next], stored, i)))
            {
                Write(added[next++], target);
            }
            else if (i < count)
            {
                stored.Slice(BytesUpTo(i++), EntrySize).CopyTo(target);
            }
            else
            {
                break;
            }
        }
        // Shorter than sized only when papers came again.
        var value = buffer.Length == BytesUpTo(kept) ? buffer : buffer.AsSpan(0, BytesUpTo(kept)).ToArray();
        NewToken().CopyTo(value, 0);
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(4), kept);
        var threshold = kept < capacity ? float.NegativeInfinity : Score(value, kept - 1);
        return (value, threshold);
    }

    /// <summary>The whole stored value without the paper at <paramref name="position"/>; null when it holds no such entry.</summary>
    public static byte[]? Without(ReadOnlySpan<byte> stored, long position)
    {
        if (stored.Length > BytesUpTo(CountOf(stored)))
        {
            stored = Merge(stored, [], int.MaxValue)!.Value.Value;
        }
        var count = CountOf(stored);
        for (var i = 0; i < count; i++)
        {
            if (Position(stored, i) == position)
            {
                var value = new byte[BytesUpTo(count - 1)];
                stored[..BytesUpTo(i)].CopyTo(value);
                stored[BytesUpTo(i + 1)..].CopyTo(value.AsSpan(BytesUpTo(i)));
                NewToken().CopyTo(value, 0);
                BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(4), count - 1);
                return value;
            }
        }
        return null;
    }

    /// <summary>Whether the bytes are a whole stored feed: a header, as many sorted entries as it says, and whole tail entries.</summary>
    public static bool IsWhole(ReadOnlySpan<byte> value) =>
        value.Length >= HeaderSize && CountOf(value) >= 0 && value.Length >= BytesUpTo(CountOf(value))
        && (value.Length - HeaderSize) % EntrySize == 0;

    /// <summary>
    /// The threshold a feed had after an append, or a lower one, from the stored header's count and the K-th sorted
    /// entry's score (RedisFeedStore's append answers them): that score once K entries are sorted, else -infinity.
    /// </summary>
    public static float ThresholdAfterAppend(ReadOnlySpan<byte> answer, int capacity) =>
        answer.Length == 8 && BinaryPrimitives.ReadInt32LittleEndian(answer) >= capacity
            ? BinaryPrimitives.ReadSingleLittleEndian(answer[4..])
            : float.NegativeInfinity;

    /// <summary>Items as tail entries, appended to a stored value as they are.</summary>
    public static byte[] Entries(IReadOnlyList<FeedItem> items)
    {
        var entries = new byte[EntrySize * items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            Write(items[i], entries.AsSpan(EntrySize * i, EntrySize));
        }
        return entries;
    }

    /// <summary>
    /// The tail of a stored value and then <paramref name="items"/>, one per paper: the latest entry of a paper
    /// replaces the earlier ones, as a merge would have.
    /// </summary>
    private static FeedItem[] WithTail(ReadOnlySpan<byte> stored, int count, IReadOnlyList<FeedItem> items)
    {
        var latest = new Dictionary<long, FeedItem>();
        var tail = (stored.Length - BytesUpTo(count)) / EntrySize;
        for (var i = 0; i < tail; i++)
        {
            var item = Read(stored.Slice(BytesUpTo(count + i), EntrySize));
            latest[item.Position] = item;
        }
        foreach (var item in items)
        {
            latest[item.Position] = item;
        }
        return latest.Values.ToArray();
    }

    private static FeedItem Read(ReadOnlySpan<byte> entry) => new(
        BinaryPrimitives.ReadInt64LittleEndian(entry),
        BinaryPrimitives.ReadSingleLittleEndian(entry[8..]),
        FeedDetails.ReadFrom(entry[12..]));

    private static int CountOf(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadInt32LittleEndian(value[4..]);

    /// <summary>Feed order: the higher score first, then the newer paper (the higher position).</summary>
    private static readonly Comparison<FeedItem> FeedOrder = (a, b) =>
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : b.Position.CompareTo(a.Position);
    };

    private static long Position(ReadOnlySpan<byte> value, int entry) => BinaryPrimitives.ReadInt64LittleEndian(value[BytesUpTo(entry)..]);

    private static float Score(ReadOnlySpan<byte> value, int entry) => BinaryPrimitives.ReadSingleLittleEndian(value[(BytesUpTo(entry) + 8)..]);

    private static bool Precedes(FeedItem item, ReadOnlySpan<byte> value, int entry)
    {
        var score = Score(value, entry);
        return item.Score > score || (item.Score == score && item.Position > Position(value, entry));
    }

    private static bool Contains(FeedItem[] items, long position)
    {
        foreach (var item in items)
        {
            if (item.Position == position)
            {
                return true;
            }
        }
        return false;
    }

    private static void Write(FeedItem item, Span<byte> entry)
    {
        BinaryPrimitives.WriteInt64LittleEndian(entry, item.Position);
        BinaryPrimitives.WriteSingleLittleEndian(entry[8..], item.Score);
        item.Details.WriteTo(entry[12..]);
    }
}
