// Takes a batch of validated papers from dedupe to durable storage. The order of steps
// makes a retry after a crash safe: every step before the paper's own write is
// idempotent, and that write is what makes a paper ACCEPTED (and later DUPLICATE).
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Recommender.Abstractions;
using Recommender.Abstractions.Ingest;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Text;

namespace Recommender.Grains.Ingest;

[StatelessWorker]
public sealed class IngestGrain(IPaperEncoder encoder, TimeProvider clock, IOptions<RecommenderOptions> options) : Grain, IIngestGrain
{
    public async Task<IReadOnlyList<PublishOutcome>> IngestBatch(IReadOnlyList<PaperRecord> papers)
    {
        var outcomes = new PublishOutcome?[papers.Count];
        var candidates = FirstOfEachInBatch(papers, outcomes);

        // 1. Title claims: the first id to claim a normalized title owns it.
        var owners = await Task.WhenAll(candidates.Select(i =>
            GrainFactory.GetGrain<ITitleGrain>(GrainKeys.Title(TitleNormalizer.Fingerprint(papers[i].Title))).Claim(papers[i].Id)));
        // 2. Papers already stored under their id.
        var stored = await Task.WhenAll(candidates.Select(i => Paper(papers[i].Id).Get()));
        var fresh = new List<int>();
        for (var c = 0; c < candidates.Count; c++)
        {
            var i = candidates[c];
            if (owners[c] != papers[i].Id)
            {
                outcomes[i] = Duplicate(papers[i].Id, owners[c], "a paper with the same normalized title exists");
            }
            else if (stored[c] is not null)
            {
                outcomes[i] = Duplicate(papers[i].Id, papers[i].Id, "a paper with this id exists");
            }
            else
            {
                fresh.Add(i);
            }
        }
        if (fresh.Count == 0)
        {
            return outcomes!;
        }

        // 3. Encode and route.
        var topics = await GrainFactory.GetGrain<ITopicDirectoryGrain>(GrainKeys.TopicDirectory).GetVectors();
        var now = clock.GetUtcNow();
        var records = fresh.Select(i => Prepare(papers[i], topics, now)).ToArray();

        // 4. List in the catalogue, then hand to topics (which store and fan out).
        await GrainFactory.GetGrain<ICatalogGrain>(GrainKeys.Catalog).Append(records.Select(r => r.Paper.Id).ToArray());
        var byTopic = records
            .SelectMany(r => r.Topics.Select(t => (t.TopicId, Paper: r)))
            .GroupBy(x => x.TopicId, StringComparer.Ordinal);
        await Task.WhenAll(byTopic.Select(group =>
            GrainFactory.GetGrain<ITopicGrain>(GrainKeys.Topic(group.Key)).AddPapers(group.Select(x => x.Paper.ToRouted()).ToArray())));

        // 5. The paper's own write: from here on it is ACCEPTED, and DUPLICATE if sent again.
        // Another stream may have stored the same paper meanwhile: only the first store accepts it.
        var firstStore = await Task.WhenAll(records.Select(r => Paper(r.Paper.Id).Store(r)));
        for (var f = 0; f < fresh.Count; f++)
        {
            var id = records[f].Paper.Id;
            outcomes[fresh[f]] = firstStore[f]
                ? new PublishOutcome { PaperId = id, Status = PublishStatus.Accepted, Topics = records[f].Topics }
                : Duplicate(id, id, "a paper with this id exists");
        }
        return outcomes!;
    }

    /// <summary>Marks later copies of a paper within the batch (same id or title) as duplicates; returns the indexes left.</summary>
    private static List<int> FirstOfEachInBatch(IReadOnlyList<PaperRecord> papers, PublishOutcome?[] outcomes)
    {
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        var byTitle = new Dictionary<string, string>(StringComparer.Ordinal);
        var firsts = new List<int>();
        for (var i = 0; i < papers.Count; i++)
        {
            var fingerprint = TitleNormalizer.Fingerprint(papers[i].Title);
            if (byId.TryGetValue(papers[i].Id, out var first) || byTitle.TryGetValue(fingerprint, out first))
            {
                outcomes[i] = Duplicate(papers[i].Id, first, "the same paper appears earlier in the stream");
                continue;
            }
            byId[papers[i].Id] = papers[i].Id;
            byTitle[fingerprint] = papers[i].Id;
            firsts.Add(i);
        }
        return firsts;
    }

    private StoredPaper Prepare(PaperRecord paper, TopicVectorSet topics, DateTimeOffset now)
    {
        var vector = encoder.Encode(paper.Title, paper.Abstract);
        var age = paper.PublishedAt is { } published ? (float)Math.Max(0, (now - published).TotalDays) : 0f;
        return new StoredPaper
        {
            Paper = paper,
            Vector = vector,
            Topics = TopicRouter.Route(vector, topics, options.Value.RoutingThreshold, options.Value.MaxTopicsPerPaper),
            ArrivedAt = now,
            AgeDays = age,
        };
    }

    private IPaperGrain Paper(string id) => GrainFactory.GetGrain<IPaperGrain>(GrainKeys.Paper(id));

    private static PublishOutcome Duplicate(string id, string of, string reason) =>
        new() { PaperId = id, Status = PublishStatus.Duplicate, DuplicateOf = of, Reason = reason };
}
