using Microsoft.Extensions.Options;
using Recommender.Abstractions;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Grains.Feeds;
using Recommender.Grains.Papers;
using Recommender.Grains.Scoring;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;

namespace Recommender.Grains.Users;

public sealed class UserGrain(
    [PersistentState("user", "state")] IPersistentState<UserState> state,
    IPaperStore store,
    FeedScorer scorer,
    IFeedCache cache,
    IOptions<RecommenderOptions> options) : Grain, IUserGrain
{
    private RankedFeed feed = null!;
    private bool feedDirty;
    /// <summary>A cache write failed: the cached copy may be behind, so the next write replaces it whole.</summary>
    private bool cacheBehind;
    /// <summary>Offers that arrive while the feed is rebuilt (they interleave), applied again after it.</summary>
    private List<FeedEntry>? offeredDuringRebuild;

    private string UserId => GrainKeys.IdOf(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        feed = new RankedFeed(options.Value.FeedSize);
        if (state.State.Profile is not null)
        {
            // The persisted feed may be a few seconds old: rebuild from the followed topics
            // and keep older persisted entries that fell out of the topics' recent windows.
            await RebuildFeed(pushProfile: false);
            feed.Offer(state.State.Feed.Where(e => !state.State.Hidden.Contains(e.PaperId)));
        }
        var delay = options.Value.FeedPersistDelay;
        this.RegisterGrainTimer(PersistFeedIfChanged, delay, delay);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        await PersistFeedIfChanged();

    public async Task<UserProfile> Upsert(UserProfile profile)
    {
        var isNew = state.State.Profile is null;
        var newSeeds = profile.SeedPaperIds.Where(id => !state.State.SeededFrom.Contains(id)).Distinct().ToArray();
        var seedPapers = await store.GetExistingAsync(newSeeds, "user.seed_paper_ids");
        foreach (var seed in seedPapers)
        {
            state.State.Interest = VectorMath.MoveToward(state.State.Interest, seed.Vector, InterestUpdates.SeedWeight);
            state.State.SeededFrom.Add(seed.Paper.Id);
        }
        state.State.Profile = profile with
        {
            CreatedAt = isNew ? DateTimeOffset.UtcNow : state.State.Profile!.CreatedAt,
        };
        await state.WriteStateAsync();
        if (seedPapers.Count > 0)
        {
            await RebuildFeed(pushProfile: true);
        }
        return CurrentProfile();
    }

    public Task<UserProfile?> Get() => Task.FromResult(state.State.Profile is null ? null : CurrentProfile());

    public async Task<FollowResult> Follow(string topicId)
    {
        EnsureExists();
        if (!state.State.FollowedTopics.Contains(topicId))
        {
            var topic = GrainFactory.GetGrain<ITopicGrain>(GrainKeys.Topic(topicId));
            var snapshot = await topic.Subscribe(SubscriberProfile() with { FollowedTopics = [.. state.State.FollowedTopics, topicId] });
            state.State.FollowedTopics.Add(topicId);
            state.State.Interest = VectorMath.MoveToward(state.State.Interest, snapshot.Vector, InterestUpdates.FollowWeight);
            await state.WriteStateAsync();
            await RebuildFeed(pushProfile: true);
        }
        return new FollowResult { User = CurrentProfile(), FeedSize = feed.Entries.Count };
    }

    public async Task<UserProfile> Unfollow(string topicId)
    {
        EnsureExists();
        if (state.State.FollowedTopics.Remove(topicId))
        {
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<ITopicGrain>(GrainKeys.Topic(topicId)).Unsubscribe(UserId);
            await RebuildFeed(pushProfile: true);
        }
        return CurrentProfile();
    }

    public async Task<int> RecordFeedback(string paperId, FeedbackKind kind)
    {
        EnsureExists();
        var paper = (await store.GetExistingAsync([paperId], "paper_id"))[0];
        state.State.Interest = VectorMath.MoveToward(state.State.Interest, paper.Vector, InterestUpdates.InterestWeight(kind));
        if (InterestUpdates.IsPositive(kind))
        {
            state.State.PositiveFeedback++;
        }
        else
        {
            state.State.Negative = VectorMath.MoveToward(state.State.Negative, paper.Vector, 1f);
            state.State.Hidden.Add(paperId);
        }
        state.State.FeedbackCount++;
        await state.WriteStateAsync();
        await RebuildFeed(pushProfile: true);
        return feed.Entries.Count;
    }

    public async Task<float> Offer(IReadOnlyList<FeedEntry> candidates)
    {
        if (state.State.Profile is null)
        {
            return float.PositiveInfinity;
        }
        offeredDuringRebuild?.AddRange(candidates);
        var change = feed.Offer(candidates.Where(c => !state.State.Hidden.Contains(c.PaperId)));
        if (change.Changed)
        {
            feedDirty = true;
            await WriteCache(change);
        }
        return feed.Threshold;
    }

    public async Task<FeedPage?> GetFeedPage(int offset, int count)
    {
        if (state.State.Profile is null)
        {
            return null;
        }
        // Called when the cache missed: put the feed back for the next reader.
        var entries = feed.Entries.ToArray();
        await WriteCache(change: null);
        return FeedPages.Slice(entries, offset, count);
    }

    /// <summary>Re-scores the recent papers of every followed topic with the current interests: the brute-force top-K.</summary>
    private async Task RebuildFeed(bool pushProfile)
    {
        var topics = state.State.FollowedTopics.Select(id => GrainFactory.GetGrain<ITopicGrain>(GrainKeys.Topic(id))).ToArray();
        offeredDuringRebuild = [];
        try
        {
            var recent = await Task.WhenAll(topics.Select(t => t.GetRecentPapers()));
            var candidates = recent.SelectMany(papers => papers)
                .DistinctBy(p => p.Id)
                .Where(p => !state.State.Hidden.Contains(p.Id))
                .ToArray();
            var signals = Signals();
            feed.Reset(scorer.Score(candidates.Select(p => (signals, p)).ToArray()));
            // A topic may have offered a paper after its recent list was read: keep it.
            feed.Offer(offeredDuringRebuild.Where(e => !state.State.Hidden.Contains(e.PaperId)));
        }
        finally
        {
            offeredDuringRebuild = null;
        }
        feedDirty = true;
        await WriteCache(change: null);
        if (pushProfile)
        {
            var profile = SubscriberProfile();
            await Task.WhenAll(topics.Select(t => t.UpdateSubscriber(profile)));
        }
    }

    /// <summary>Brings the cache up to date: the change alone when the cache is known current, else the whole feed.</summary>
    private async Task WriteCache(FeedChange? change) =>
        cacheBehind = !(change is null || cacheBehind
            ? await cache.ReplaceAsync(UserId, feed.Entries.ToArray())
            : await cache.ApplyAsync(UserId, change));

    private async Task PersistFeedIfChanged()
    {
        if (!feedDirty || state.State.Profile is null)
        {
            return;
        }
        feedDirty = false;
        state.State.Feed = feed.Entries.ToList();
        await state.WriteStateAsync();
    }

    private UserSignals Signals() => new(
        state.State.Interest,
        state.State.Negative,
        state.State.PositiveFeedback,
        state.State.FollowedTopics.ToHashSet(StringComparer.Ordinal));

    private SubscriberProfile SubscriberProfile() => new()
    {
        UserId = UserId,
        Interest = state.State.Interest,
        Negative = state.State.Negative,
        PositiveFeedback = state.State.PositiveFeedback,
        FollowedTopics = state.State.FollowedTopics.ToArray(),
        Threshold = feed.Threshold,
        Excluded = state.State.Hidden.ToArray(),
    };

    private UserProfile CurrentProfile() => state.State.Profile! with
    {
        FollowedTopics = state.State.FollowedTopics.ToArray(),
        FeedbackCount = state.State.FeedbackCount,
        SeedPaperIds = state.State.SeededFrom.ToArray(),
    };

    private void EnsureExists()
    {
        if (state.State.Profile is null)
        {
            throw new UnknownEntityException("user_id", UserId);
        }
    }
}
