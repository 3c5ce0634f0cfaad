using Recommender.Abstractions.Papers;

namespace Recommender.Abstractions.Ingest;

/// <summary>Takes validated papers through dedupe, encoding, routing and durable storage.</summary>
[Alias("recommender.IIngestGrain")]
public interface IIngestGrain : IGrainWithIntegerKey
{
    /// <summary>One outcome per paper, in order. A paper is Accepted only once durably stored.</summary>
    [Alias("IngestBatch")]
    Task<IReadOnlyList<PublishOutcome>> IngestBatch(IReadOnlyList<PaperRecord> papers);

    /// <summary>Hands to their topics the stored papers whose hand-over a crash interrupted; returns how many.</summary>
    [Alias("DeliverPending")]
    Task<int> DeliverPending();
}
