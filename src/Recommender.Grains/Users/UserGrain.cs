// A user: profile, interests, follows and hidden papers, written on every change. The user's
// feed is not here: topics write it to the feed store as papers arrive, and the user rebuilds it
// (the brute-force top-K over the followed topics' recent papers) when its inputs change or the
// store has lost it.
using Microsoft.Extensions.Options;
using Recommender.Abstractions;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Grains.Feeds;
using Recommender.Grains.Papers;
using Recommender.Grains.Scoring;
using Recommender.Grains.Subscriptions;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;

namespace Recommender.Grains.Users;

public sealed class UserGrain(
    [PersistentState("user", "state")] IPersistentState<UserState> state,
    IPaperStore store,
    ISubscriptionStore subscriptions,
    FeedScorer scorer,
    IFeedStore feeds,
    IOptions<RecommenderOptions> options) : Grain, IUserGrain
{
    private string UserId => GrainKeys.IdOf(this.GetPrimaryKeyString());

    public async Task<UserProfile> Upsert(UserProfile profile)
    {
        var isNew = state.State.Profile is null;
        var newSeeds = profile.SeedPaperIds.Where(id => !state.State.SeededFrom.Contains(id)).Distinct().ToArray();
        var seedPapers = await store.GetExistingAsync(newSeeds, "user.seed_paper_ids");
        await Durably(async () =>
        {
            foreach (var seed in seedPapers)
            {
                state.State.Interest = VectorMath.MoveToward(state.State.Interest, seed.Vector, InterestUpdates.SeedWeight);
                state.State.SeededFrom.Add(seed.Paper.Id);
            }
            state.State.Profile = profile with { CreatedAt = isNew ? DateTimeOffset.UtcNow : state.State.Profile!.CreatedAt };
            if (seedPapers.Count > 0)
            {
                state.State.InputsVersion++;
                await subscriptions.SaveAsync(SubscriberProfile());
            }
            await state.WriteStateAsync();
        });
        if (isNew || seedPapers.Count > 0)
        {
            await RebuildFeed();
        }
        return CurrentProfile();
    }

    public Task<UserProfile?> Get() => Task.FromResult(state.State.Profile is null ? null : CurrentProfile());

    public async Task<FollowResult> Follow(string topicId)
    {
        EnsureExists();
        if (state.State.FollowedTopics.Contains(topicId))
        {
            return new FollowResult { User = CurrentProfile(), FeedSize = await FeedSize() };
        }
        var topic = GrainFactory.GetGrain<ITopicGrain>(GrainKeys.Topic(topicId));
        // The topic answers with its vector (the interest moves toward it) and registers the
        // user at once, so no paper arriving from now on misses them.
        var snapshot = await topic.Subscribe(SubscriberProfile() with
        {
            FollowedTopics = [.. state.State.FollowedTopics, topicId],
            Version = state.State.InputsVersion + 1,
        });
        await Durably(async () =>
        {
            state.State.FollowedTopics.Add(topicId);
            state.State.Interest = VectorMath.MoveToward(state.State.Interest, snapshot.Vector, InterestUpdates.FollowWeight);
            state.State.InputsVersion += 2;
            await subscriptions.FollowAsync(topicId, SubscriberProfile());
            await state.WriteStateAsync();
        });
        return new FollowResult { User = CurrentProfile(), FeedSize = (await RebuildFeed()).Count };
    }

    public async Task<UserProfile> Unfollow(string topicId)
    {
        EnsureExists();
        if (state.State.FollowedTopics.Contains(topicId))
        {
            await Durably(async () =>
            {
                state.State.FollowedTopics.Remove(topicId);
                state.State.InputsVersion++;
                await subscriptions.UnfollowAsync(topicId, SubscriberProfile());
                await state.WriteStateAsync();
            });
            await GrainFactory.GetGrain<ITopicGrain>(GrainKeys.Topic(topicId)).Unsubscribe(UserId);
            await RebuildFeed();
        }
        return CurrentProfile();
    }

    public async Task<int> RecordFeedback(string paperId, FeedbackKind kind)
    {
        EnsureExists();
        var paper = (await store.GetExistingAsync([paperId], "paper_id"))[0];
        await Durably(async () =>
        {
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
            state.State.InputsVersion++;
            await subscriptions.SaveAsync(SubscriberProfile());
            await state.WriteStateAsync();
        });
        if (kind == FeedbackKind.Hide)
        {
            // At once, so that no reader sees the paper again while the feed is rebuilt.
            await feeds.RemoveAsync(UserId, paper.Position);
        }
        return (await RebuildFeed()).Count;
    }

    public async Task<FeedPage?> GetFeedPage(int offset, int count)
    {
        if (state.State.Profile is null)
        {
            return null;
        }
        // Called when the feed store missed: the rebuild answers and puts the feed back.
        var feed = await RebuildFeed();
        var papers = feed.Papers;
        var entries = feed.Items.Skip(offset).Take(count)
            .Select(item => papers[item.Position])
            .Select(pair => FeedEntries.ToEntry(pair.Item, new PaperCard(pair.Paper)))
            .ToArray();
        return new FeedPage { Entries = entries, Total = feed.Count, RankerVersion = entries.FirstOrDefault()?.RankerVersion ?? "" };
    }

    /// <summary>
    /// Scores the recent papers of every followed topic with the current inputs (the brute-force
    /// top-K), stores the result, and hands the inputs to the topics. Papers that reach a topic
    /// while this runs are fanned out by the topic, or caught by the second look at the windows.
    /// </summary>
    private async Task<RebuiltFeed> RebuildFeed()
    {
        var topics = state.State.FollowedTopics.Select(id => GrainFactory.GetGrain<ITopicGrain>(GrainKeys.Topic(id))).ToArray();
        var profile = SubscriberProfile();
        var feed = new UserFeed(options.Value.FeedSize);
        var scored = new Dictionary<long, (FeedItem Item, RoutedPaper Paper)>();

        var first = await Candidates(topics, scored.Keys);
        feed.Add(Score(first, scored));
        await feeds.ReplaceAsync(UserId, feed.Items.ToArray());

        var late = await Candidates(topics, scored.Keys);
        if (late.Count > 0)
        {
            var items = Score(late, scored);
            feed.Add(items);
            await feeds.AddAsync([new FeedWrite(UserId, items)]);
        }
        await Task.WhenAll(topics.Select(t => t.UpdateSubscriber(profile)));
        return new RebuiltFeed(feed.Items.ToArray(), scored);
    }

    private async Task<List<RoutedPaper>> Candidates(ITopicGrain[] topics, IEnumerable<long> known)
    {
        var skip = known.ToHashSet();
        var windows = await Task.WhenAll(topics.Select(t => t.GetRecentPapers()));
        return windows.SelectMany(papers => papers)
            .Where(p => !state.State.Hidden.Contains(p.Id) && skip.Add(p.Position))
            .ToList();
    }

    private FeedItem[] Score(List<RoutedPaper> candidates, Dictionary<long, (FeedItem, RoutedPaper)> scored)
    {
        var items = scorer.Score([Signals()], candidates);
        for (var i = 0; i < items.Length; i++)
        {
            scored[items[i].Position] = (items[i], candidates[i]);
        }
        return items;
    }

    private async Task<int> FeedSize() => (await feeds.ReadAsync(UserId, 0, 0))?.Total ?? (await RebuildFeed()).Count;

    /// <summary>Runs a change of state that must be durable; if it fails, the grain reloads its state rather than keep what was not written.</summary>
    private async Task Durably(Func<Task> change)
    {
        try
        {
            await change();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
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
        Excluded = state.State.Hidden.ToArray(),
        Version = state.State.InputsVersion,
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

    private sealed record RebuiltFeed(FeedItem[] Items, Dictionary<long, (FeedItem Item, RoutedPaper Paper)> Papers)
    {
        public int Count => Items.Length;
    }
}
