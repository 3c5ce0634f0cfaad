// A topic: its definition and vector, its subscribers' ranking inputs, and a window of its
// most recent papers in memory. The papers themselves are durable in the paper store
// before they reach the topic, so adding them here writes nothing.
using Microsoft.Extensions.Options;
using Recommender.Abstractions;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Grains.Papers;
using Recommender.Grains.Scoring;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;

namespace Recommender.Grains.Topics;

public sealed class TopicGrain(
    [PersistentState("topic", "state")] IPersistentState<TopicState> state,
    IPaperStore store,
    IPaperEncoder encoder,
    FeedScorer scorer,
    IOptions<RecommenderOptions> options) : Grain, ITopicGrain
{
    /// <summary>Newest first, at most <see cref="RecommenderOptions.TopicRecentPapers"/>.</summary>
    private readonly List<RoutedPaper> recent = [];
    private int paperCount;

    private string TopicId => GrainKeys.IdOf(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Definition is not null)
        {
            await LoadRecentPapers(cancellationToken);
        }
    }

    public async Task<TopicInfo> Define(TopicDefinition definition)
    {
        var seeds = await store.GetExistingAsync(definition.SeedPaperIds, "topic.seed_paper_ids");
        var isNew = state.State.Definition is null;
        state.State.Definition = definition;
        state.State.Vector = TopicVectors.Build(encoder, definition.Name, definition.Keywords, seeds.Select(s => s.Vector).ToArray());
        await state.WriteStateAsync();
        // Registered before the backfill, so that no paper arriving in between misses the topic.
        await GrainFactory.GetGrain<ITopicDirectoryGrain>(GrainKeys.TopicDirectory)
            .Register(new TopicVector { TopicId = TopicId, Vector = state.State.Vector });
        if (isNew)
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
        var known = recent.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var fresh = papers.Where(p => known.Add(p.Id)).ToList();
        if (fresh.Count == 0)
        {
            return;
        }
        recent.InsertRange(0, fresh.AsEnumerable().Reverse());
        var window = options.Value.TopicRecentPapers;
        if (recent.Count > window)
        {
            recent.RemoveRange(window, recent.Count - window);
        }
        paperCount += fresh.Count;
        await FanOut(fresh);
    }

    public async Task<TopicSnapshot> Subscribe(SubscriberProfile profile)
    {
        EnsureDefined();
        var isNew = !state.State.Subscribers.ContainsKey(profile.UserId);
        state.State.Subscribers[profile.UserId] = profile;
        if (isNew)
        {
            await state.WriteStateAsync();
        }
        return new TopicSnapshot { Vector = state.State.Vector, RecentPapers = recent.ToArray() };
    }

    public async Task Unsubscribe(string userId)
    {
        if (state.State.Subscribers.Remove(userId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task UpdateSubscriber(SubscriberProfile profile)
    {
        // Profiles are a copy of user state that users push again after every change, so
        // the in-memory update is enough; the next state write carries it along.
        if (state.State.Subscribers.ContainsKey(profile.UserId))
        {
            state.State.Subscribers[profile.UserId] = profile;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RoutedPaper>> GetRecentPapers() =>
        Task.FromResult<IReadOnlyList<RoutedPaper>>(recent.ToArray());

    private async Task LoadRecentPapers(CancellationToken cancellationToken)
    {
        var stored = await store.RecentInTopicAsync(TopicId, options.Value.TopicRecentPapers, cancellationToken);
        recent.Clear();
        recent.AddRange(stored.Papers.Select(p => p.ToRouted()));
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
            .Select(p => new TopicMember(p.Paper.Id, VectorMath.Cosine(p.Vector, state.State.Vector)))
            .Where(m => m.Similarity >= options.Value.RoutingThreshold)
            .ToArray();
        await store.AddToTopicAsync(TopicId, members);
    }

    /// <summary>Scores every (subscriber, new paper) pair in one ranker call and offers each user what beats their feed.</summary>
    private async Task FanOut(IReadOnlyList<RoutedPaper> fresh)
    {
        var subscribers = state.State.Subscribers.Values.ToArray();
        if (subscribers.Length == 0)
        {
            return;
        }
        var pairs = new List<(UserSignals, RoutedPaper)>(subscribers.Length * fresh.Count);
        foreach (var subscriber in subscribers)
        {
            var signals = Signals(subscriber);
            pairs.AddRange(fresh.Select(paper => (signals, paper)));
        }
        var entries = scorer.Score(pairs);

        var offers = new List<Task>();
        for (var s = 0; s < subscribers.Length; s++)
        {
            var subscriber = subscribers[s];
            var excluded = subscriber.Excluded.ToHashSet(StringComparer.Ordinal);
            var winners = new List<FeedEntry>();
            for (var p = 0; p < fresh.Count; p++)
            {
                var entry = entries[s * fresh.Count + p];
                if (entry.Score > subscriber.Threshold && !excluded.Contains(entry.PaperId))
                {
                    winners.Add(entry);
                }
            }
            if (winners.Count > 0)
            {
                offers.Add(Offer(subscriber, winners));
            }
        }
        await Task.WhenAll(offers);
    }

    private async Task Offer(SubscriberProfile subscriber, List<FeedEntry> winners)
    {
        var threshold = await GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(subscriber.UserId)).Offer(winners);
        if (state.State.Subscribers.TryGetValue(subscriber.UserId, out var current) && ReferenceEquals(current, subscriber))
        {
            state.State.Subscribers[subscriber.UserId] = subscriber with { Threshold = threshold };
        }
    }

    private static UserSignals Signals(SubscriberProfile profile) => new(
        profile.Interest,
        profile.Negative,
        profile.PositiveFeedback,
        profile.FollowedTopics.ToHashSet(StringComparer.Ordinal));

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
        SubscriberCount = state.State.Subscribers.Count,
        PaperCount = paperCount,
        RecentPapers = recent.Take(recentLimit).Select(p => p.Summary).ToArray(),
    };
}
