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

    /// <summary>Adds candidates not yet present that beat the threshold; returns what changed, so a cache can follow.</summary>
    public FeedChange Offer(IEnumerable<FeedEntry> candidates)
    {
        var added = new List<FeedEntry>();
        var removed = new List<string>();
        foreach (var candidate in candidates)
        {
            if (candidate.Score <= Threshold || Contains(candidate.PaperId))
            {
                continue;
            }
            var index = entries.BinarySearch(candidate, Comparer<FeedEntry>.Create(FeedEntry.Compare));
            entries.Insert(index < 0 ? ~index : index, candidate);
            added.Add(candidate);
            if (entries.Count > capacity)
            {
                var evicted = entries[^1].PaperId;
                entries.RemoveAt(entries.Count - 1);
                // An entry added and pushed out by the same offer never reached anyone.
                if (added.RemoveAll(e => e.PaperId == evicted) == 0)
                {
                    removed.Add(evicted);
                }
            }
        }
        return new FeedChange(added, removed, entries.Count);
    }

    public bool Remove(string paperId) => entries.RemoveAll(e => e.PaperId == paperId) > 0;

    public void Reset(IEnumerable<FeedEntry> ranked)
    {
        entries.Clear();
        Offer(ranked);
    }
}
