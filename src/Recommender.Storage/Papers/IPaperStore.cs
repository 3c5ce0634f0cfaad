// The paper catalogue, kept in a table of its own rather than in grain state: ingest
// writes a whole batch (papers and their topic matches) in one durable statement, dedupe
// by id and by normalized title is a unique index, and readers page in arrival order.
using Recommender.Abstractions.Papers;

namespace Recommender.Storage.Papers;

public interface IPaperStore
{
    /// <summary>
    /// Stores, durably and with their <see cref="StoredPaper.Topics"/>, the papers whose id and
    /// title key are both new; one outcome per paper, in order. Concurrent callers never both add one paper.
    /// </summary>
    Task<IReadOnlyList<StoreOutcome>> AddAsync(IReadOnlyList<PaperToStore> papers, CancellationToken cancellationToken = default);

    /// <summary>Notes that every follower of these papers' topics has been scored for them, so a retry need not hand them over again.</summary>
    Task MarkDeliveredAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default);

    /// <summary>Whether each stored paper among <paramref name="paperIds"/> has been fanned out (marked delivered); unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<string, bool>> DeliveredAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> ids of stored papers not yet fanned out, oldest first.</summary>
    Task<IReadOnlyList<string>> ListUndeliveredAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>The stored papers at these catalogue positions (unknown ones are left out).</summary>
    Task<IReadOnlyList<StoredPaper>> GetByPositionAsync(IReadOnlyList<long> positions, CancellationToken cancellationToken = default);

    /// <summary>The stored papers among <paramref name="paperIds"/> (unknown ids are left out), with every topic they belong to.</summary>
    Task<IReadOnlyList<StoredPaper>> GetAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> papers after position <paramref name="after"/> (0 = the start), in arrival order.</summary>
    Task<PaperPage> ListAsync(long after, int count, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="count"/> most recent papers, newest first.</summary>
    Task<IReadOnlyList<StoredPaper>> LatestAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// The <paramref name="count"/> most recent papers of a topic, newest first, and how many the topic has in all;
    /// only papers already handed to their topics, so that a topic activated by a hand-over still sees those papers as new.
    /// </summary>
    Task<TopicPapers> RecentInTopicAsync(string topicId, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-encode: replaces the vector and encoder id of each paper (matched by id) in one transaction, keeping
    /// everything else (metadata, position, topics, delivery); papers not in the catalogue are ignored.
    /// </summary>
    Task ReplaceVectorsAsync(IReadOnlyList<StoredPaper> papers, CancellationToken cancellationToken = default);

    /// <summary>Adds papers to a topic after the fact (a topic created after they arrived); known pairs are kept as they are.</summary>
    Task AddToTopicAsync(string topicId, IReadOnlyList<TopicMember> members, CancellationToken cancellationToken = default);
}
