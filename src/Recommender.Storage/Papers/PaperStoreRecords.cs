// What goes into and comes out of an IPaperStore; these stay inside a silo, so they are not serialized by Orleans.
using Recommender.Abstractions.Papers;

namespace Recommender.Storage.Papers;

/// <summary>A paper to store; <paramref name="TitleKey"/> is the fingerprint of its normalized title.</summary>
public sealed record PaperToStore(StoredPaper Paper, string TitleKey);

public enum StoreStatus
{
    Added,
    /// <summary>A paper with the same id was stored before.</summary>
    SameId,
    /// <summary>Another paper with the same normalized title was stored before.</summary>
    SameTitle,
}

/// <param name="OwnerId">The paper that holds the id or title: the paper itself when added.</param>
/// <param name="Delivered">For <see cref="StoreStatus.SameId"/>: whether the stored paper was already fanned out to its topics' followers.</param>
/// <param name="Position">For <see cref="StoreStatus.Added"/>: the catalogue position the paper got.</param>
public sealed record StoreOutcome(StoreStatus Status, string OwnerId, bool Delivered = false, long Position = 0);

/// <param name="NextAfter">The position to continue from, or null when the listing is complete.</param>
public sealed record PaperPage(IReadOnlyList<StoredPaper> Papers, long? NextAfter);

/// <param name="Papers">Newest first.</param>
public sealed record TopicPapers(IReadOnlyList<StoredPaper> Papers, long Total);

public sealed record TopicMember(string PaperId, float Similarity);
