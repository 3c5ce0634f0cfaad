// A user's top-K feed: keeps entries in feed order, one per paper, at most K.
using Recommender.Abstractions.Feeds;

namespace Recommender.Grains.Feeds;

public sealed class RankedFeed(int capacity)
{
    private readonly List<FeedEntry> entries = [];

    public IReadOnlyList<FeedEntry> Entries => entries;

    /// <summary>The score a new paper must beat to get in; -infinity while there is room.</summary>
    public float Threshold => entries.Count < capacity ? float.NegativeInfinity : entries[^1].Score;

    public bool Contains(string paperId) => entries.Exists(e => e.PaperId == paperId);

    /// <summary>Adds candidates not yet present; returns true if the feed changed.</summary>
    public bool Offer(IEnumerable<FeedEntry> candidates)
    {
        var changed = false;
        foreach (var candidate in candidates)
        {
            if (candidate.Score <= Threshold || Contains(candidate.PaperId))
            {
                continue;
            }
            var index = entries.BinarySearch(candidate, Comparer<FeedEntry>.Create(FeedEntry.Compare));
            entries.Insert(index < 0 ? ~index : index, candidate);
            if (entries.Count > capacity)
            {
                entries.RemoveAt(entries.Count - 1);
            }
            changed = true;
        }
        return changed;
    }

    public bool Remove(string paperId) => entries.RemoveAll(e => e.PaperId == paperId) > 0;

    public void Reset(IEnumerable<FeedEntry> ranked)
    {
        entries.Clear();
        Offer(ranked);
    }
}
