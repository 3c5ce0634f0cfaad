// The head of the catalogue list: knows the segments and appends to the last one, so
// that no single grain state grows without bound.
using Recommender.Abstractions;
using Recommender.Abstractions.Papers;

namespace Recommender.Grains.Papers;

public sealed class CatalogGrain([PersistentState("catalog", "state")] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    public const int SegmentSize = 4096;

    public async Task Append(IReadOnlyList<string> paperIds)
    {
        var counts = state.State.SegmentCounts;
        var pending = paperIds.Distinct(StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            if (counts.Count == 0 || counts[^1] >= SegmentSize)
            {
                counts.Add(0);
            }
            var take = Math.Min(SegmentSize - counts[^1], pending.Count);
            counts[^1] += await Segment(counts.Count - 1).Append(pending.GetRange(0, take));
            pending.RemoveRange(0, take);
        }
        await state.WriteStateAsync();
    }

    public async Task<CatalogPage> Read(long offset, int count)
    {
        var counts = state.State.SegmentCounts;
        var ids = new List<string>(count);
        var segmentStart = 0L;
        for (var segment = 0; segment < counts.Count && ids.Count < count; segment++)
        {
            var segmentEnd = segmentStart + counts[segment];
            if (offset < segmentEnd)
            {
                var from = (int)Math.Max(0, offset - segmentStart);
                ids.AddRange(await Segment(segment).Read(from, count - ids.Count));
                offset = segmentEnd;
            }
            segmentStart = segmentEnd;
        }
        return new CatalogPage { PaperIds = ids, Total = counts.Sum(c => (long)c) };
    }

    private ICatalogSegmentGrain Segment(int number) =>
        GrainFactory.GetGrain<ICatalogSegmentGrain>(GrainKeys.CatalogSegment(this.GetPrimaryKeyString(), number));
}
