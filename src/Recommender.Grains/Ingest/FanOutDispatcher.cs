// Hands stored papers to their topics after the publisher has its answer, and marks them done
// once every topic has scored them for all its subscribers. A bounded number of batches is
// under way at once: when fan-out falls behind, ingest waits here instead of piling up papers.
using Microsoft.Extensions.Logging;
using Recommender.Abstractions;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Grains.Papers;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Ingest;

public sealed class FanOutDispatcher(IGrainFactory grains, IPaperStore store, PaperCards cards, ILogger<FanOutDispatcher> logger)
{
    /// <summary>
    /// Batches being fanned out at most; each holds up to 256 papers. When fan-out is behind, more papers under way give
    /// each topic more papers per round, and a round writes each subscriber's winners once: at 100,000 users, 64 batches
    /// took the feed writes for 20,000 papers from 1.66–1.78 M (16 batches) to 1.11–1.16 M. Not more: the papers under
    /// way count against memory, and the hand-over sweep hands over again any paper not fanned out 30 s after it arrived.
    /// </summary>
    public const int MaxBatchesInFlight = 64;

    private readonly SemaphoreSlim slots = new(MaxBatchesInFlight, MaxBatchesInFlight);

    /// <summary>Waits for room, then starts fanning the papers out in the background.</summary>
    public async Task EnqueueAsync(IReadOnlyList<StoredPaper> papers)
    {
        if (papers.Count == 0)
        {
            return;
        }
        await slots.WaitAsync();
        _ = Task.Run(async () =>
        {
            try
            {
                await DeliverAsync(papers);
            }
            catch (Exception e)
            {
                // The papers stay undelivered in the catalogue: the sweep hands them over again.
                logger.LogWarning(e, "Fan-out of {Count} stored papers failed; the sweep will retry it", papers.Count);
            }
            finally
            {
                slots.Release();
            }
        });
    }

    /// <summary>Fans out again the stored papers with these ids (a sweep's retry of an unfinished fan-out).</summary>
    public async Task RedeliverAsync(IReadOnlyList<string> paperIds)
    {
        var papers = await store.GetAsync(paperIds);
        await DeliverAsync(papers);
        // An id the store lists but cannot return would otherwise come back forever.
        var missing = paperIds.Except(papers.Select(p => p.Paper.Id), StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
        {
            await store.MarkDeliveredAsync(missing);
        }
    }

    /// <summary>Hands the papers to their topics (one call per topic), waits until every topic has fanned them out, then records it.</summary>
    public async Task DeliverAsync(IReadOnlyList<StoredPaper> papers)
    {
        var routed = papers.Select(p => p.ToRouted()).ToArray();
        foreach (var paper in routed)
        {
            cards.Remember(paper);
        }
        var byTopic = routed
            .SelectMany(p => p.Topics.Select(t => (t.TopicId, Paper: p)))
            .GroupBy(x => x.TopicId, StringComparer.Ordinal);
        await Task.WhenAll(byTopic.Select(group =>
            grains.GetGrain<ITopicGrain>(GrainKeys.Topic(group.Key)).AddPapers(group.Select(x => x.Paper).ToArray())));
        await store.MarkDeliveredAsync(papers.Select(p => p.Paper.Id).ToArray());
    }
}
