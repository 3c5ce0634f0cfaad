using Recommender.Abstractions;
using Recommender.Abstractions.Papers;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Papers;

public static class PaperStoreExtensions
{
    /// <summary>Every paper asked for, in order; an unknown id throws <see cref="UnknownEntityException"/> naming <paramref name="field"/>.</summary>
    public static async Task<IReadOnlyList<StoredPaper>> GetExistingAsync(this IPaperStore store, IReadOnlyList<string> paperIds, string field)
    {
        var found = (await store.GetAsync(paperIds)).ToDictionary(p => p.Paper.Id, StringComparer.Ordinal);
        return paperIds.Select(id => found.GetValueOrDefault(id) ?? throw new UnknownEntityException(field, id)).ToArray();
    }
}
