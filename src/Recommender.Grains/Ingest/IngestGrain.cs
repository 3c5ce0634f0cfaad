// Takes a batch of validated papers from dedupe to durable storage, then to their topics.
// The store's single write decides ACCEPTED or DUPLICATE and is all the answer waits for; the
// fan-out to followers comes after it and is marked done, so a retry (or the sweep) finishes a
// fan-out that a crash cut short, and never repeats one that completed.
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Recommender.Abstractions;
using Recommender.Abstractions.Ingest;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Grains.Telemetry;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Text;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Ingest;

// Reentrant: it keeps no state, and a batch spends most of its time waiting for the store.
[StatelessWorker, Reentrant]
public sealed class IngestGrain(IPaperEncoder encoder, IPaperStore store, FanOutDispatcher dispatcher, RecommenderMetrics metrics, TimeProvider clock, IOptions<RecommenderOptions> options)
    : Grain, IIngestGrain
{
    private const int DeliveryBatch = 256;

    public async Task<IReadOnlyList<PublishOutcome>> IngestBatch(IReadOnlyList<PaperRecord> papers)
    {
        var outcomes = new PublishOutcome?[papers.Count];
        var candidates = FirstOfEachInBatch(papers, outcomes);
        if (candidates.Count == 0)
        {
            return outcomes!;
        }

        var topics = await GrainFactory.GetGrain<ITopicDirectoryGrain>(GrainKeys.TopicDirectory).GetVectors();
        var now = clock.GetUtcNow();
        // One batched call: the sentence encoder's cost is per model run, not per paper.
        var vectors = encoder.EncodeBatch(candidates.Select(c => (papers[c.Index].Title, papers[c.Index].Abstract)).ToArray());
        var prepared = candidates.Select((c, i) => new PaperToStore(Prepare(papers[c.Index], vectors[i], topics, now), c.TitleKey)).ToArray();
        var stored = await store.AddAsync(prepared);

        var toDeliver = new List<StoredPaper>();
        var unfinished = new List<string>();
        for (var c = 0; c < candidates.Count; c++)
        {
            var paper = prepared[c].Paper with { Position = stored[c].Position };
            outcomes[candidates[c].Index] = stored[c].Status switch
            {
                StoreStatus.Added => new PublishOutcome { PaperId = paper.Paper.Id, Status = PublishStatus.Accepted, Topics = paper.Topics },
                StoreStatus.SameId => Duplicate(paper.Paper.Id, stored[c].OwnerId, "a paper with this id exists"),
                _ => Duplicate(paper.Paper.Id, stored[c].OwnerId, "a paper with the same normalized title exists"),
            };
            if (stored[c].Status == StoreStatus.Added)
            {
                toDeliver.Add(paper);
            }
            else if (stored[c].Status == StoreStatus.SameId && !stored[c].Delivered)
            {
                unfinished.Add(paper.Paper.Id);
            }
        }
        metrics.PapersIngested(toDeliver.Count);
        if (unfinished.Count > 0)
        {
            toDeliver.AddRange(await store.GetAsync(unfinished));
        }
        await dispatcher.EnqueueAsync(toDeliver);
        return outcomes!;
    }

    public async Task<int> DeliverPending()
    {
        var delivered = 0;
        while (true)
        {
            var ids = await store.ListUndeliveredAsync(DeliveryBatch);
            if (ids.Count == 0)
            {
                return delivered;
            }
            await dispatcher.RedeliverAsync(ids);
            delivered += ids.Count;
        }
    }

    /// <summary>Marks later copies of a paper within the batch (same id or title) as duplicates; returns the first of each.</summary>
    private static List<(int Index, string TitleKey)> FirstOfEachInBatch(IReadOnlyList<PaperRecord> papers, PublishOutcome?[] outcomes)
    {
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        var byTitle = new Dictionary<string, string>(StringComparer.Ordinal);
        var firsts = new List<(int, string)>();
        for (var i = 0; i < papers.Count; i++)
        {
            var titleKey = TitleNormalizer.Fingerprint(papers[i].Title);
            if (byId.TryGetValue(papers[i].Id, out var first) || byTitle.TryGetValue(titleKey, out first))
            {
                outcomes[i] = Duplicate(papers[i].Id, first, "the same paper appears earlier in the stream");
                continue;
            }
            byId[papers[i].Id] = papers[i].Id;
            byTitle[titleKey] = papers[i].Id;
            firsts.Add((i, titleKey));
        }
        return firsts;
    }

    private StoredPaper Prepare(PaperRecord paper, float[] vector, TopicVectorSet topics, DateTimeOffset now)
    {
        var age = paper.PublishedAt is { } published ? (float)Math.Max(0, (now - published).TotalDays) : 0f;
        return new StoredPaper
        {
            Paper = paper,
            Vector = vector,
            Topics = TopicRouter.Route(vector, encoder.Name, topics, options.Value.RoutingThreshold, options.Value.MaxTopicsPerPaper),
            ArrivedAt = now,
            AgeDays = age,
            Encoder = encoder.Name,
        };
    }

    private static PublishOutcome Duplicate(string id, string of, string reason) =>
        new() { PaperId = id, Status = PublishStatus.Duplicate, DuplicateOf = of, Reason = reason };
}
