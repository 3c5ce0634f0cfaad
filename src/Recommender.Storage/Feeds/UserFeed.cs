// A user's top-K feed: one entry per paper, at most K. Writes far outnumber reads (every paper
// reaches every follower; a reader looks a few times a day), so entries are kept unordered and
// sorted when read: a write appends, or replaces the lowest entry, instead of shifting half the
// feed. Three parallel arrays (positions, scores, details), so that looking for a paper's old
// entry or for the lowest score is a vectorized scan of a few cache lines of a cold feed.
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Storage.Feeds;

public sealed class UserFeed(int capacity)
{
    private static readonly Comparison<FeedItem> FeedOrder = (a, b) =>
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : b.Position.CompareTo(a.Position);
    };

    private long[] positions = [];
    private float[] scores = [];
    private FeedDetails[] details = [];
    private int count;
    private bool sorted = true;

    /// <summary>While the feed is full: the entry a better paper replaces (the last in feed order).</summary>
    private int lowest;

    /// <summary>No entry has a higher position: new papers come with new, higher positions, so most adds skip the search for an old entry.</summary>
    private long newest = long.MinValue;

    /// <summary>
    /// Asks the CPU to start loading what the next <see cref="Add"/> of a full feed touches: the lowest
    /// entry, which a better paper replaces, and the scores searched for the next lowest. A fan-out batch
    /// calls this for every feed before adding to any, so that the feeds' cache misses overlap instead of
    /// coming one feed after another (single writes to 100,000 full feeds took ~45% less time this way).
    /// </summary>
    public unsafe void Prefetch()
    {
        // Read without the feed's lock (a hint may be stale), so every index is checked against the array it reads.
        var (entry, allScores, allPositions, allDetails) = (lowest, scores, positions, details);
        if (!Sse.IsSupported || count < capacity || (uint)entry >= (uint)allPositions.Length || (uint)entry >= (uint)allDetails.Length)
        {
            return;
        }
        // Not pinned: should the GC move an array meanwhile, a hint lands on its old place, which is harmless.
        Sse.Prefetch0(Unsafe.AsPointer(ref allPositions[entry]));
        Sse.Prefetch0(Unsafe.AsPointer(ref allDetails[entry]));
        for (var i = 0; i < allScores.Length; i += 64 / sizeof(float))
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref allScores[i]));
        }
    }

    public int Count => count;

    public int Capacity => capacity;

    /// <summary>The score a new paper must beat to get in; -infinity while there is room.</summary>
    public float Threshold => count < capacity ? float.NegativeInfinity : scores[lowest];

    /// <summary>The entry at <paramref name="index"/> in feed order (higher score first, then the newer paper).</summary>
    public FeedItem this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
            Sort();
            return new FeedItem(positions[index], scores[index], details[index]);
        }
    }

    /// <summary>Entries [offset, offset + take) in feed order (fewer at the end of the feed).</summary>
    public FeedItem[] ToArray(int offset = 0, int take = int.MaxValue)
    {
        Sort();
        var length = offset >= count ? 0 : Math.Min(take, count - offset);
        var items = new FeedItem[length];
        for (var i = 0; i < length; i++)
        {
            items[i] = new FeedItem(positions[offset + i], scores[offset + i], details[offset + i]);
        }
        return items;
    }

    /// <summary>Adds each item (replacing an entry for the same paper) and keeps the best K.</summary>
    public void Add(ReadOnlySpan<FeedItem> added)
    {
        foreach (var item in added)
        {
            var old = item.Position <= newest ? positions.AsSpan(0, count).IndexOf(item.Position) : -1;
            newest = Math.Max(newest, item.Position);
            if (old >= 0)
            {
                Put(old, item);
            }
            else if (count < capacity)
            {
                if (count == positions.Length)
                {
                    Grow();
                }
                Put(count++, item);
            }
            else if (Precedes(item.Score, item.Position, lowest))
            {
                Put(lowest, item);
            }
            else
            {
                continue;
            }
            if (count == capacity)
            {
                lowest = Lowest();
            }
        }
    }

    public bool Remove(long position)
    {
        var i = positions.AsSpan(0, count).IndexOf(position);
        if (i < 0)
        {
            return false;
        }
        // Order is restored on the next read: the last entry fills the hole.
        count--;
        Put(i, new FeedItem(positions[count], scores[count], details[count]));
        return true;
    }

    public void Clear() => (count, newest, sorted) = (0, long.MinValue, true);

    private void Put(int index, FeedItem item)
    {
        positions[index] = item.Position;
        scores[index] = item.Score;
        details[index] = item.Details;
        sorted = false;
    }

    /// <summary>Whether a paper of this score and position goes before entry <paramref name="index"/> in feed order.</summary>
    private bool Precedes(float score, long position, int index) =>
        score > scores[index] || (score == scores[index] && position > positions[index]);

    /// <summary>The last entry in feed order: the lowest score, and of equal scores the oldest paper.</summary>
    private int Lowest()
    {
        var all = scores.AsSpan(0, count);
        var index = TensorPrimitives.IndexOfMin(all);
        for (var i = index + 1; i < count; i++)
        {
            if (all[i] == all[index] && positions[i] < positions[index])
            {
                index = i;
            }
        }
        return index;
    }

    private void Sort()
    {
        if (sorted)
        {
            return;
        }
        var items = count <= 256 ? stackalloc FeedItem[count] : new FeedItem[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = new FeedItem(positions[i], scores[i], details[i]);
        }
        items.Sort(FeedOrder);
        for (var i = 0; i < count; i++)
        {
            (positions[i], scores[i], details[i]) = (items[i].Position, items[i].Score, items[i].Details);
        }
        sorted = true;
        lowest = count - 1;
    }

    private void Grow()
    {
        var size = Math.Min(capacity, Math.Max(4, positions.Length * 2));
        Array.Resize(ref positions, size);
        Array.Resize(ref scores, size);
        Array.Resize(ref details, size);
    }
}
