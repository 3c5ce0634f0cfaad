// A topic: its definition and vector, a window of its most recent papers, and its subscribers'
// ranking inputs, all in memory. New papers are fanned out in rounds: every paper that arrived
// since the last round is scored for every subscriber in batched ranker calls, and the winners
// are written straight to the feed store. No grain call and no state write per (user, paper).
using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Recommender.Abstractions;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Grains.Papers;
using Recommender.Grains.Scoring;
using Recommender.Grains.Subscriptions;
using Recommender.Grains.Telemetry;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;
using Recommender.Storage.Subscriptions;

namespace Recommender.Grains.Topics;

// Reentrant: rounds of fan-out await the feed store while papers keep arriving and users keep
// following; every await below leaves the grain's fields consistent.
[Reentrant]
public sealed class TopicGrain(
    [PersistentState("topic", "state")] IPersistentState<TopicState> state,
    IPaperStore store,
    ISubscriptionStore subscriptions,
    SubscriberPool pool,
    IPaperEncoder encoder,
    FeedScorer scorer,
    IFeedStore feeds,
    RecommenderMetrics metrics,
    TimeProvider clock,
    IOptions<RecommenderOptions> options,
    ILogger<TopicGrain> logger) : Grain, ITopicGrain
{
    /// <summary>Pairs scored in one ranker call at most: large enough to amortize the call, small enough to stay in cache.</summary>
    private const int PairsPerChunk = 8192;

    /// <summary>Newest first, at most <see cref="RecommenderOptions.TopicRecentPapers"/>.</summary>
    private readonly List<RoutedPaper> recent = [];
    private readonly HashSet<string> inWindow = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Subscriber> subscribers = new(StringComparer.Ordinal);
    /// <summary>Subscribers grouped by ranker variant (index = variant), rebuilt when they change.</summary>
    private Subscriber[][]? subscriberArray;
    private int paperCount;

    /// <summary>Papers waiting for the next round, and the task their callers wait on.</summary>
    private readonly List<RoutedPaper> pending = [];
    private readonly Dictionary<string, Task> unfinished = new(StringComparer.Ordinal);
    private TaskCompletionSource? nextRound;
    private bool fanningOut;

    private string TopicId => GrainKeys.IdOf(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Definition is not null)
        {
            await LoadRecentPapers(cancellationToken);
            foreach (var profile in await subscriptions.SubscribersAsync(TopicId, cancellationToken))
            {
                Add(pool.Intern(profile));
            }
        }
    }

    public async Task<TopicInfo> Define(TopicDefinition definition)
    {
        var seeds = await store.GetExistingAsync(definition.SeedPaperIds, "topic.seed_paper_ids");
        var isNew = state.State.Definition is null;
        // A topic re-defined after an encoder switch takes in the catalogue's latest papers again (those published since
        // the switch were routed to no topic of the new encoder) and re-reads its window, re-encoded papers included.
        var reencoded = !isNew && !EncoderIds.Same(state.State.Encoder, encoder.Name);
        state.State.Definition = definition;
        var mismatch = seeds.FirstOrDefault(s => !EncoderIds.Same(s.Encoder, encoder.Name));
        if (mismatch is not null)
        {
            throw new EncoderMismatchException("topic.seed_paper_ids", encoder.Name, EncoderIds.Of(mismatch.Encoder));
        }
        state.State.Vector = TopicVectors.Build(encoder, definition.Name, definition.Keywords, seeds.Select(s => s.Vector).ToArray());
        state.State.Encoder = encoder.Name;
        await state.WriteStateAsync();
        // Registered before the backfill, so that no paper arriving in between misses the topic.
        await GrainFactory.GetGrain<ITopicDirectoryGrain>(GrainKeys.TopicDirectory)
            .Register(new TopicVector { TopicId = TopicId, Vector = state.State.Vector, Encoder = encoder.Name });
        if (isNew || reencoded)
        {
            await BackfillFromCatalog();
            await LoadRecentPapers(CancellationToken.None);
        }
        return Info(20);
    }

    public Task<TopicInfo?> GetInfo(int recentLimit) =>
        Task.FromResult(state.State.Definition is null ? null : Info(recentLimit));

    public async Task AddPapers(IReadOnlyList<RoutedPaper> papers)
    {
        var waits = new List<Task>();
        foreach (var paper in papers)
        {
            if (unfinished.TryGetValue(paper.Id, out var running))
            {
                // Handed over again while its round runs (a retry): done when that round is.
                waits.Add(running);
                continue;
            }
            if (!inWindow.Add(paper.Id))
            {
                continue;
            }
            AddToWindow(paper);
            pending.Add(paper);
            nextRound ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            unfinished[paper.Id] = nextRound.Task;
            waits.Add(nextRound.Task);
        }
        if (!fanningOut && pending.Count > 0)
        {
            fanningOut = true;
            _ = FanOutRounds();
        }
        await Task.WhenAll(waits);
    }

    public Task<TopicSnapshot> Subscribe(SubscriberProfile profile)
    {
        EnsureDefined();
        Add(pool.Intern(profile));
        subscriberArray = null;
        return Task.FromResult(new TopicSnapshot { Vector = state.State.Vector, Encoder = EncoderIds.Of(state.State.Encoder) });
    }

    /// <summary>Keyed by the pooled entry's own id string, so the silo keeps one copy of it.</summary>
    private void Add(Subscriber subscriber) => subscribers[subscriber.UserId] = subscriber;

    public Task Unsubscribe(string userId)
    {
        if (subscribers.Remove(userId))
        {
            subscriberArray = null;
        }
        return Task.CompletedTask;
    }

    public Task UpdateSubscriber(SubscriberProfile profile, ushort scoredWith)
    {
        if (subscribers.ContainsKey(profile.UserId))
        {
            pool.Intern(profile).Rescored(scoredWith);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RoutedPaper>> GetRecentPapers() =>
        Task.FromResult<IReadOnlyList<RoutedPaper>>(recent.ToArray());

    /// <summary>Runs rounds until nothing is pending; papers arriving during a round go into the next one.</summary>
    private async Task FanOutRounds()
    {
        try
        {
            while (pending.Count > 0)
            {
                var papers = pending.ToArray();
                var round = nextRound!;
                pending.Clear();
                nextRound = null;
                try
                {
                    await FanOut(papers);
                    var now = clock.GetUtcNow();
                    foreach (var paper in papers)
                    {
                        metrics.PublishToVisible(now - paper.ArrivedAt);
                    }
                    round.SetResult();
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Fan-out of {Count} papers in topic {Topic} failed; their hand-over will be retried", papers.Length, TopicId);
                    // Out of the window, so that the retry of the hand-over fans them out again.
                    foreach (var paper in papers)
                    {
                        inWindow.Remove(paper.Id);
                        recent.RemoveAll(p => p.Id == paper.Id);
                    }
                    round.SetException(e);
                }
                finally
                {
                    foreach (var paper in papers)
                    {
                        unfinished.Remove(paper.Id);
                    }
                }
            }
        }
        finally
        {
            fanningOut = false;
        }
    }

    /// <summary>Scores every (subscriber, paper) pair in chunks, each variant's subscribers with its own ranker, and writes each chunk's winners to the feed store.</summary>
    private async Task FanOut(RoutedPaper[] papers)
    {
        var byVariant = subscriberArray ??= GroupByVariant();
        var usersPerChunk = Math.Max(1, PairsPerChunk / papers.Length);
        for (var variant = 0; variant < byVariant.Length; variant++)
        {
            var everyone = byVariant[variant];
            for (var start = 0; start < everyone.Length; start += usersPerChunk)
            {
                var chunk = everyone.AsSpan(start, Math.Min(usersPerChunk, everyone.Length - start)).ToArray();
                await FanOutChunk(variant, chunk, papers);
            }
        }
    }

    private Subscriber[][] GroupByVariant()
    {
        var groups = new List<Subscriber>[scorer.Variants.All.Count];
        for (var v = 0; v < groups.Length; v++)
        {
            groups[v] = [];
        }
        foreach (var subscriber in subscribers.Values)
        {
            groups[subscriber.Variant].Add(subscriber);
        }
        return groups.Select(g => g.ToArray()).ToArray();
    }

    private async Task FanOutChunk(int variant, Subscriber[] chunk, RoutedPaper[] papers)
    {
        // One ranker per chunk: a swap never splits the chunk, and its tag goes with every item.
        var ranker = scorer.RankerOf(variant);
        var tag = Feeds.RankerTags.Of(ranker.Descriptor);
        var writes = new List<FeedWrite>(chunk.Length);
        var writers = new List<Subscriber>(chunk.Length);
        var items = ArrayPool<FeedItem>.Shared.Rent(chunk.Length * papers.Length);
        try
        {
            scorer.Score(ranker, Signals(chunk), papers, items);
            for (var u = 0; u < chunk.Length; u++)
            {
                var winners = Winners(chunk[u], papers, items.AsSpan(u * papers.Length, papers.Length), tag);
                if (winners.Length > 0)
                {
                    writes.Add(new FeedWrite(chunk[u].UserId, winners, chunk[u].FeedSlot));
                    writers.Add(chunk[u]);
                }
            }
        }
        finally
        {
            ArrayPool<FeedItem>.Shared.Return(items);
        }
        metrics.FeedWrites(writes.Sum(w => (long)w.Items.Length));
        var thresholds = await feeds.AddAsync(writes);
        for (var w = 0; w < writers.Count; w++)
        {
            // A feed still holding another ranker's scores reports a threshold of those scores: not learned. NaN: written,
            // threshold not known (Redis appends most writes without reading the feed); the one learned before stands.
            if (thresholds[w] is { } threshold && !float.IsNaN(threshold) && writers[w].FeedTag == tag)
            {
                writers[w].Threshold = (threshold, tag);
            }
        }
    }

    /// <summary>The papers that beat the user's feed threshold (when the current ranker set it) and that the user did not hide.</summary>
    private static FeedItem[] Winners(Subscriber subscriber, RoutedPaper[] papers, ReadOnlySpan<FeedItem> scored, ushort tag)
    {
        var (score, thresholdTag) = subscriber.Threshold;
        var threshold = thresholdTag == tag ? score : float.NegativeInfinity;
        var hidden = subscriber.Inputs.Hidden;
        // Most pairs lose once a feed is full: count first, so that a loser allocates nothing.
        Span<bool> wins = scored.Length <= 256 ? stackalloc bool[scored.Length] : new bool[scored.Length];
        var count = 0;
        for (var p = 0; p < scored.Length; p++)
        {
            wins[p] = scored[p].Score > threshold && (hidden is null || !hidden.Contains(papers[p].Id));
            count += wins[p] ? 1 : 0;
        }
        if (count == 0)
        {
            return [];
        }
        var winners = new FeedItem[count];
        for (int p = 0, w = 0; p < scored.Length; p++)
        {
            if (wins[p])
            {
                winners[w++] = scored[p];
            }
        }
        return winners;
    }

    /// <summary>
    /// The chunk's ranking inputs, each subscriber's vectors asked into the cache on the way: the scoring
    /// loop then finds them loaded instead of waiting for each user's lines in turn (they are cold: a topic
    /// round visits hundreds of users, each once).
    /// </summary>
    private static UserSignals[] Signals(Subscriber[] chunk)
    {
        var signals = new UserSignals[chunk.Length];
        for (var u = 0; u < chunk.Length; u++)
        {
            var inputs = chunk[u].Inputs;
            inputs.Prefetch();
            signals[u] = Signals(inputs);
        }
        return signals;
    }

    private static UserSignals Signals(SubscriberInputs inputs)
    {
        return new UserSignals(inputs.Interest, inputs.Negative, inputs.PositiveFeedback, inputs.FollowedTopics, inputs.Encoder)
        {
            Interests = inputs.Interests,
        };
    }

    private void AddToWindow(RoutedPaper paper)
    {
        recent.Insert(0, paper);
        paperCount++;
        var window = options.Value.TopicRecentPapers;
        while (recent.Count > window)
        {
            inWindow.Remove(recent[^1].Id);
            recent.RemoveAt(recent.Count - 1);
        }
    }

    private async Task LoadRecentPapers(CancellationToken cancellationToken)
    {
        var stored = await store.RecentInTopicAsync(TopicId, options.Value.TopicRecentPapers, cancellationToken);
        recent.Clear();
        recent.AddRange(stored.Papers.Select(p => p.ToRouted()));
        inWindow.Clear();
        inWindow.UnionWith(recent.Select(p => p.Id));
        paperCount = (int)Math.Min(int.MaxValue, stored.Total);
    }

    /// <summary>
    /// A topic created after papers arrived takes in the catalogue's most recent papers
    /// that match it, so its first followers do not see an empty feed.
    /// </summary>
    private async Task BackfillFromCatalog()
    {
        var latest = await store.LatestAsync(options.Value.TopicRecentPapers);
        var members = latest
            .Where(p => EncoderIds.Same(p.Encoder, state.State.Encoder))
            .Select(p => new TopicMember(p.Paper.Id, VectorMath.Cosine(p.Vector, state.State.Vector)))
            .Where(m => m.Similarity >= options.Value.RoutingThreshold)
            .ToArray();
        await store.AddToTopicAsync(TopicId, members);
    }

    private void EnsureDefined()
    {
        if (state.State.Definition is null)
        {
            throw new UnknownEntityException("topic_id", TopicId);
        }
    }

    private TopicInfo Info(int recentLimit) => new()
    {
        Definition = state.State.Definition!,
        SubscriberCount = subscribers.Count,
        PaperCount = paperCount,
        RecentPapers = recent.Take(recentLimit).Select(p => p.Summary).ToArray(),
        Encoder = EncoderIds.Of(state.State.Encoder),
    };
}
