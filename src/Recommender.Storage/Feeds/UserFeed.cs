// A user's top-K feed as a sorted array of compact items: one entry per paper, at most K.
namespace Recommender.Storage.Feeds;

public sealed class UserFeed(int capacity)
{
    private static readonly Comparison<FeedItem> Order = FeedItem.Compare;
    private static readonly IComparer<FeedItem> Comparer = Comparer<FeedItem>.Create(Order);
    private FeedItem[] items = [];
    private int count;

    /// <summary>No entry has a higher position: new papers come with new, higher positions, so most adds skip the search for an old entry.</summary>
    private long newest = long.MinValue;

    public int Count => count;

    public int Capacity => capacity;

    /// <summary>The score a new paper must beat to get in; -infinity while there is room.</summary>
    public float Threshold => count < capacity ? float.NegativeInfinity : items[count - 1].Score;

    public ReadOnlySpan<FeedItem> Items => items.AsSpan(0, count);

    /// <summary>Adds each item (replacing an entry for the same paper) and keeps the best K.</summary>
    public void Add(ReadOnlySpan<FeedItem> added)
    {
        foreach (var item in added)
        {
            if (item.Position <= newest)
            {
                RemovePosition(item.Position);
            }
            newest = Math.Max(newest, item.Position);
            if (count == capacity && Order(item, items[count - 1]) >= 0)
            {
                continue;
            }
            if (count == capacity)
            {
                count--;
            }
            if (count == items.Length)
            {
                Array.Resize(ref items, Math.Min(capacity, Math.Max(4, items.Length * 2)));
            }
            var index = Array.BinarySearch(items, 0, count, item, Comparer);
            index = index < 0 ? ~index : index;
            Array.Copy(items, index, items, index + 1, count - index);
            items[index] = item;
            count++;
        }
    }

    public bool Remove(long position) => RemovePosition(position);

    public void Clear() => (count, newest) = (0, long.MinValue);

    private bool RemovePosition(long position)
    {
        for (var i = 0; i < count; i++)
        {
            if (items[i].Position == position)
            {
                Array.Copy(items, i + 1, items, i, count - i - 1);
                count--;
                return true;
            }
        }
        return false;
    }
}
