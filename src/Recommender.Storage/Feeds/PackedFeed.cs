// A stored feed as one Redis value: an 8-byte header (a write token, the entry count) and then the
// entries in feed order, 25 bytes each. One value per feed makes a page read one GETRANGE of the
// page's bytes and a write one SET, whatever the feed's length: the merge runs on the writing silo,
// not on Redis's single thread (whose per-entry work in sorted sets and hashes bounded the fan-out).
using System.Buffers.Binary;

namespace Recommender.Storage.Feeds;

public static class PackedFeed
{
    public const int HeaderSize = 8;

    /// <summary>
    /// Position (5 bytes), score (4), details (16). A full feed of 100 entries is then a value of 2,508 bytes, which
    /// Redis's allocator keeps in 2,560 (at 8 bytes a position it was 2,808 in 3,072): 512 bytes less per feed.
    /// </summary>
    public const int EntrySize = 25;

    /// <summary>The highest catalogue position an entry holds (40 bits: a trillion papers).</summary>
    public const long MaxPosition = (1L << 40) - 1;

    /// <summary>Length of the header and the first <paramref name="entries"/> entries.</summary>
    public static int BytesUpTo(int entries) => HeaderSize + EntrySize * entries;

    /// <summary>Writes a new token into the value's header: a later write expects to find it in place (the compare-and-set of RedisFeedStore).</summary>
    private static void NewToken(Span<byte> value) => Random.Shared.NextBytes(value[..4]);

    /// <summary>The write token of a stored value.</summary>
    public static byte[] TokenOf(ReadOnlySpan<byte> value) => value[..4].ToArray();

    /// <summary>Items as bare entries, no header: how a write's candidates wait in the list of added entries (RedisFeedStore).</summary>
    public static byte[] EntriesOf(IReadOnlyList<FeedItem> items)
    {
        var entries = new byte[EntrySize * items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            Write(items[i], entries.AsSpan(EntrySize * i, EntrySize));
        }
        return entries;
    }

    /// <summary>Bare entries back as items, in the order given; null when the bytes are not whole entries.</summary>
    public static FeedItem[]? ItemsOf(ReadOnlySpan<byte> entries)
    {
        if (entries.Length % EntrySize != 0)
        {
            return null;
        }
        var items = new FeedItem[entries.Length / EntrySize];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Read(entries.Slice(EntrySize * i, EntrySize));
        }
        return items;
    }

    /// <summary>
    /// Entries [offset, offset + take) of a stored value, or of its first bytes (a page read asks only for those),
    /// and the feed's whole length; null when the bytes are not a feed's (the caller then treats the feed as lost).
    /// </summary>
    public static (FeedItem[] Items, int Total)? Unpack(ReadOnlySpan<byte> value, int offset = 0, int take = int.MaxValue)
    {
        if (value.Length < HeaderSize)
        {
            return null;
        }
        var total = BinaryPrimitives.ReadInt32LittleEndian(value[4..]);
        var end = (int)Math.Min(total, (long)offset + take);
        if (total < 0 || value.Length > BytesUpTo(total) || (value.Length - HeaderSize) % EntrySize != 0
            || (end > offset && value.Length < BytesUpTo(end)))
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
    /// <param name="stored">A whole stored value; empty for a new feed.</param>
    /// <param name="items">One per paper, in any order.</param>
    public static (byte[] Value, float Threshold)? Merge(ReadOnlySpan<byte> stored, IReadOnlyList<FeedItem> items, int capacity) =>
        MergeInto(stored, items, capacity, Allocate) is var (buffer, length, threshold)
            ? (buffer.Length == length ? buffer : buffer.AsSpan(0, length).ToArray(), threshold)
            : null;

    private static readonly Func<int, byte[]> Allocate = length => new byte[length];

    /// <summary>
    /// <see cref="Merge"/> into a buffer of at least the length asked for, from <paramref name="buffers"/> (a pool's
    /// Rent): the value is its first <c>Length</c> bytes. A busy silo writes tens of thousands of feeds a second, and
    /// a fresh 2.8 KB array for each kept the garbage collector and the kernel's page zeroing busy.
    /// </summary>
    public static (byte[] Buffer, int Length, float Threshold)? MergeInto(ReadOnlySpan<byte> stored, IReadOnlyList<FeedItem> items, int capacity,
        Func<int, byte[]> buffers)
    {
        if (!stored.IsEmpty && !IsWhole(stored))
        {
            return null;
        }
        var count = stored.IsEmpty ? 0 : CountOf(stored);
        // Sorted once: RedisFeedStore.BestDistinct already hands its items over in feed order.
        var added = items is FeedItem[] array && InFeedOrder(array) ? array : SortedCopy(items);
        var buffer = buffers(BytesUpTo(Math.Min(capacity, count + added.Length)));
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
        NewToken(buffer);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(4), kept);
        var threshold = kept < capacity ? float.NegativeInfinity : Score(buffer, kept - 1);
        return (buffer, BytesUpTo(kept), threshold);
    }

    /// <summary>The whole stored value without the paper at <paramref name="position"/>; null when it holds no such entry.</summary>
    public static byte[]? Without(ReadOnlySpan<byte> stored, long position)
    {
        var count = CountOf(stored);
        for (var i = 0; i < count; i++)
        {
            if (Position(stored, i) == position)
            {
                var value = new byte[BytesUpTo(count - 1)];
                stored[..BytesUpTo(i)].CopyTo(value);
                stored[BytesUpTo(i + 1)..].CopyTo(value.AsSpan(BytesUpTo(i)));
                NewToken(value);
                BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(4), count - 1);
                return value;
            }
        }
        return null;
    }

    /// <summary>Whether the bytes are a whole stored feed: a header and as many entries as it says.</summary>
    public static bool IsWhole(ReadOnlySpan<byte> value) =>
        value.Length >= HeaderSize && CountOf(value) >= 0 && value.Length == BytesUpTo(CountOf(value));

    private static int CountOf(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadInt32LittleEndian(value[4..]);

    /// <summary>Feed order: the higher score first, then the newer paper (the higher position).</summary>
    internal static readonly Comparison<FeedItem> FeedOrder = (a, b) =>
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : b.Position.CompareTo(a.Position);
    };

    private static long Position(ReadOnlySpan<byte> value, int entry) => ReadPosition(value[BytesUpTo(entry)..]);

    private static float Score(ReadOnlySpan<byte> value, int entry) => BinaryPrimitives.ReadSingleLittleEndian(value[(BytesUpTo(entry) + 5)..]);

    private static long ReadPosition(ReadOnlySpan<byte> entry) => BinaryPrimitives.ReadUInt32LittleEndian(entry) | ((long)entry[4] << 32);

    private static bool Precedes(FeedItem item, ReadOnlySpan<byte> value, int entry)
    {
        var score = Score(value, entry);
        return item.Score > score || (item.Score == score && item.Position > Position(value, entry));
    }

    private static bool InFeedOrder(ReadOnlySpan<FeedItem> items)
    {
        for (var i = 1; i < items.Length; i++)
        {
            if (FeedOrder(items[i - 1], items[i]) > 0)
            {
                return false;
            }
        }
        return true;
    }

    private static FeedItem[] SortedCopy(IReadOnlyList<FeedItem> items)
    {
        var copy = items.ToArray();
        Array.Sort(copy, FeedOrder);
        return copy;
    }

    internal static bool Contains(ReadOnlySpan<FeedItem> items, long position)
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

    private static FeedItem Read(ReadOnlySpan<byte> entry) => new(
        ReadPosition(entry),
        BinaryPrimitives.ReadSingleLittleEndian(entry[5..]),
        FeedDetails.ReadFrom(entry[9..]));

    private static void Write(FeedItem item, Span<byte> entry)
    {
        // Never cut silently: a position that does not fit would name another paper.
        ArgumentOutOfRangeException.ThrowIfNegative(item.Position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(item.Position, MaxPosition);
        BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)item.Position);
        entry[4] = (byte)(item.Position >> 32);
        BinaryPrimitives.WriteSingleLittleEndian(entry[5..], item.Score);
        item.Details.WriteTo(entry[9..]);
    }
}
