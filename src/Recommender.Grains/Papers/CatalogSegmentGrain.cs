using Recommender.Abstractions.Papers;

namespace Recommender.Grains.Papers;

public sealed class CatalogSegmentGrain([PersistentState("catalog-segment", "state")] IPersistentState<CatalogSegmentState> state)
    : Grain, ICatalogSegmentGrain
{
    public async Task<int> Append(IReadOnlyList<string> paperIds)
    {
        // A retried append after a crash must not list a paper twice.
        var known = state.State.PaperIds.ToHashSet(StringComparer.Ordinal);
        var added = paperIds.Where(known.Add).ToList();
        if (added.Count > 0)
        {
            state.State.PaperIds.AddRange(added);
            await state.WriteStateAsync();
        }
        return added.Count;
    }

    public Task<IReadOnlyList<string>> Read(int offset, int count) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.PaperIds.Skip(offset).Take(count).ToArray());
}
