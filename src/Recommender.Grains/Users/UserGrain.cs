// A user: profile, seeds and keywords in grain state; follows, interests and hidden papers (the
// ranking inputs that topics keep a copy of) in the subscription store, so a follow is one durable
// write. The user's feed is not here: topics write it to the feed store as papers arrive, and
// the user rebuilds it (the brute-force top-K over what every recall source offers: followed
// topics, the topics nearest to the interest, trending papers) when its inputs change or the
// store has lost it.
using Microsoft.Extensions.Options;
using Recommender.Abstractions;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Grains.Feeds;
using Recommender.Grains.Papers;
using Recommender.Grains.Recall;
using Recommender.Grains.Scoring;
using Recommender.Ranking.Clustering;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;
using Recommender.Storage.Subscriptions;

namespace Recommender.Grains.Users;

// Users are on no publish path: an idle one is collected after two to three minutes (the
// limit must exceed Orleans' one-minute collection quantum), so the silo's memory follows
// active users, not registered ones.
[CollectionAgeLimit(Minutes = 2)]
public sealed class UserGrain(
    [PersistentState("user", "state")] IPersistentState<UserState> state,
    IPaperStore store,
    ISubscriptionStore subscriptions,
    FeedScorer scorer,
    IFeedStore feeds,
    TrendingPapers trending,
    TopicVectorCache topicVectors,
    PaperCards cards,
    IPaperEncoder encoder,
    IOptions<RecommenderOptions> options) : Grain, IUserGrain
{
    private SubscriberProfile inputs = null!;
    private HashSet<string> hidden = new(StringComparer.Ordinal);

    private string UserId => GrainKeys.IdOf(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var saved = state.State.Profile is null ? null : await subscriptions.InputsAsync(UserId, cancellationToken);
        // Inputs saved before several interests were kept: a mean made of the user's own papers becomes the first interest.
        var ownSignals = state.State.SeededFrom.Count > 0 || state.State.Keywords.Count > 0 || saved?.PositiveFeedback > 0;
        SetInputs(saved is null ? new SubscriberProfile { UserId = UserId, Interest = [] } : InterestCentroids.Migrated(saved, ownSignals, Clustering));
    }

    public async Task<UserProfile> Upsert(UserProfile profile)
    {
        var isNew = state.State.Profile is null;
        var newSeeds = profile.SeedPaperIds.Where(id => !state.State.SeededFrom.Contains(id)).Distinct().ToArray();
        var seedPapers = await store.GetExistingAsync(newSeeds, "user.seed_paper_ids");
        var seeded = seedPapers.Aggregate(inputs, (current, seed) => InterestSpace.Seed(current, seed, encoder.Name, InterestUpdates.SeedWeight, "user.seed_paper_ids", Clustering));
        // Keywords count once each, like seed papers: an upsert sent again (a retry) moves nothing.
        var newKeywords = profile.Keywords.Distinct(StringComparer.Ordinal).Where(k => !state.State.Keywords.Contains(k)).ToArray();
        if (newKeywords.Length > 0)
        {
            if (!InterestSpace.Accepts(seeded, encoder.Name))
            {
                throw new EncoderMismatchException("user.keywords", EncoderIds.Of(seeded.Encoder), EncoderIds.Of(encoder.Name));
            }
            var words = string.Join(' ', newKeywords);
            seeded = InterestSpace.TakeIn(seeded, encoder.Encode(words, words), encoder.Name, InterestUpdates.SeedWeight, Clustering);
        }
        var changed = seedPapers.Count > 0 || newKeywords.Length > 0;
        await Durably(async () =>
        {
            if (changed)
            {
                await SaveInputs(Next() with { Interest = seeded.Interest, Interests = seeded.Interests, Encoder = seeded.Encoder });
            }
            state.State.SeededFrom.UnionWith(seedPapers.Select(s => s.Paper.Id));
            state.State.Keywords.AddRange(newKeywords);
            state.State.Profile = profile with { CreatedAt = isNew ? DateTimeOffset.UtcNow : state.State.Profile!.CreatedAt };
            await state.WriteStateAsync();
        });
        // A new user with no seeds or keywords has nothing of their own to rank by: the feed is built
        // by the first follow, or by the first read (a store miss). Sign-up then scores once, not twice.
        if (changed)
        {
            await RebuildFeed();
        }
        return CurrentProfile();
    }

    public Task<UserProfile?> Get() => Task.FromResult(state.State.Profile is null ? null : CurrentProfile());

    public Task<FollowResult> Follow(string topicId) => FollowAll([topicId]);

    public async Task<FollowResult> FollowAll(IReadOnlyList<string> topicIds)
    {
        EnsureExists();
        var added = topicIds.Distinct(StringComparer.Ordinal).Where(t => !inputs.FollowedTopics.Contains(t)).ToArray();
        if (added.Length == 0)
        {
            return new FollowResult { User = CurrentProfile(), FeedSize = await FeedSize() };
        }
        if (inputs.FollowedTopics.Count + added.Length > options.Value.MaxFollows)
        {
            throw new CapExceededException(topicIds.Count == 1 ? "topic_id" : "topic_ids", $"a user may follow at most {options.Value.MaxFollows} topics; unfollow one first");
        }
        foreach (var topicId in added)
        {
            var topic = GrainFactory.GetGrain<ITopicGrain>(GrainKeys.Topic(topicId));
            // The topic answers with its vector (the interest moves toward it) and registers the
            // user at once, so no paper arriving from now on misses them.
            var following = Next() with { FollowedTopics = [.. inputs.FollowedTopics, topicId] };
            var snapshot = await topic.Subscribe(following);
            // A topic of another encoder is followed all the same; only its vector stays out of the user's.
            var next = InterestSpace.MoveInterest(following, snapshot.Vector, snapshot.Encoder, InterestUpdates.FollowWeight) with
            {
                Version = following.Version + 1,
            };
            await Durably(async () =>
            {
                await subscriptions.FollowAsync(topicId, next);
                SetInputs(next);
            });
        }
        // One rebuild for all of them: the feed of a user created with several topics is scored once.
        return new FollowResult { User = CurrentProfile(), FeedSize = (await RebuildFeed()).Count };
    }

    public async Task<UserProfile> Unfollow(string topicId)
    {
        EnsureExists();
        if (inputs.FollowedTopics.Contains(topicId))
        {
            var next = Next() with { FollowedTopics = inputs.FollowedTopics.Where(t => t != topicId).ToArray() };
            await Durably(async () =>
            {
                await subscriptions.UnfollowAsync(topicId, next);
                SetInputs(next);
            });
            await GrainFactory.GetGrain<ITopicGrain>(GrainKeys.Topic(topicId)).Unsubscribe(UserId);
            await RebuildFeed();
        }
        return CurrentProfile();
    }

    public async Task<int> RecordFeedback(string paperId, FeedbackKind kind)
    {
        EnsureExists();
        if (!InterestUpdates.IsPositive(kind) && !hidden.Contains(paperId) && inputs.Excluded.Count >= options.Value.MaxHiddenPapers)
        {
            throw new CapExceededException("paper_id", $"a user may hide at most {options.Value.MaxHiddenPapers} papers");
        }
        var paper = (await store.GetExistingAsync([paperId], "paper_id"))[0];
        // The same kind on the same paper again is a retry (an answer lost after the write, or a rebuild that
        // failed after it): it changes nothing, so the call can be retried safely, as the API promises.
        var given = $"{paperId}\u0001{kind}";
        if (!state.State.FeedbackGiven.Contains(given))
        {
            // Feedback on a paper of another encoder still counts and still hides; its vector stays out of the user's.
            var next = InterestSpace.TakeIn(Next(), paper.Vector, paper.Encoder, InterestUpdates.InterestWeight(kind), Clustering);
            next = InterestUpdates.IsPositive(kind)
                ? next with { PositiveFeedback = inputs.PositiveFeedback + 1 }
                : InterestSpace.MoveNegative(next, paper.Vector, paper.Encoder) with
                {
                    Excluded = hidden.Contains(paperId) ? inputs.Excluded : [.. inputs.Excluded, paperId],
                };
            await Durably(async () =>
            {
                await SaveInputs(next);
                state.State.FeedbackCount++;
                state.State.FeedbackGiven.Add(given);
                await state.WriteStateAsync();
            });
        }
        if (kind == FeedbackKind.Hide)
        {
            // At once, so that no reader sees the paper again while the feed is rebuilt.
            await feeds.RemoveAsync(UserId, paper.Position);
        }
        return (await RebuildFeed()).Count;
    }

    public async Task<bool> Reencode()
    {
        if (state.State.Profile is null || !HasVectors() || EncoderIds.Same(inputs.Encoder, encoder.Name))
        {
            return false;
        }
        var next = await ReencodedVectors.DeriveAsync(Next(), state.State, GrainFactory, store, encoder, Clustering);
        await Durably(() => SaveInputs(next));
        await RebuildFeed();
        return true;
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
            .Select(item => FeedEntries.ToEntry(item, cards.CardOf(papers[item.Position])))
            .ToArray();
        return new FeedPage { Entries = entries, Total = feed.Count, RankerVersion = entries.FirstOrDefault()?.RankerVersion ?? "" };
    }

    /// <summary>
    /// Scores what every recall source offers (the recent papers of the followed topics and of the
    /// topics nearest to the interest, and the trending papers) with the current inputs: the
    /// brute-force top-K. Stores it, and hands the inputs to the followed topics. Papers that reach
    /// a followed topic while this runs are fanned out by the topic, or caught by the second look at
    /// the followed topics' windows.
    /// </summary>
    private async Task<RebuiltFeed> RebuildFeed()
    {
        var profile = inputs;
        // One ranker for the whole rebuild: a model promoted meanwhile must not leave a feed of mixed scores.
        var ranker = scorer.RankerFor(UserId);
        var plan = await RecallPlan.MakeAsync(GrainFactory, topicVectors, trending, profile, options.Value.InterestProbeTopics);
        var feed = new UserFeed(options.Value.FeedSize);
        var scored = new Dictionary<long, RoutedPaper>();

        var first = await plan.CandidatesAsync(scored, hidden);
        feed.Add(Score(ranker, first));
        await feeds.ReplaceAsync(UserId, feed.ToArray());

        var late = await plan.LateCandidatesAsync(scored, hidden);
        if (late.Count > 0)
        {
            var items = Score(ranker, late);
            feed.Add(items);
            await feeds.AddAsync([new FeedWrite(UserId, items)], interactive: true);
        }
        await Task.WhenAll(plan.FollowedTopics.Select(t => t.UpdateSubscriber(profile, RankerTags.Of(ranker.Descriptor))));
        return new RebuiltFeed(feed.ToArray(), scored);
    }

    /// <summary>The model's scores of the candidates, each item marked with the source that recalled it.</summary>
    private FeedItem[] Score(IRanker ranker, List<RecalledPaper> candidates)
    {
        var items = scorer.Score(ranker, Signals(), candidates.Select(c => c.Paper).ToArray());
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = items[i] with { Details = items[i].Details with { Source = candidates[i].Source } };
        }
        return items;
    }

    private async Task<int> FeedSize() => (await feeds.ReadAsync(UserId, 0, 0))?.Total ?? (await RebuildFeed()).Count;

    /// <summary>The current inputs with the next version, to change and save.</summary>
    private SubscriberProfile Next() => inputs with { Version = inputs.Version + 1 };

    private async Task SaveInputs(SubscriberProfile next)
    {
        await subscriptions.SaveAsync(next);
        SetInputs(next);
    }

    private void SetInputs(SubscriberProfile next)
    {
        inputs = next;
        hidden = next.Excluded.ToHashSet(StringComparer.Ordinal);
    }

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
        HalfVector.Of(inputs.Interest),
        HalfVector.Of(inputs.Negative),
        inputs.PositiveFeedback,
        inputs.FollowedTopics.ToHashSet(StringComparer.Ordinal),
        EncoderIds.Of(inputs.Encoder))
    {
        Interests = InterestCentroids.ForScoring(inputs),
    };

    private InterestClustering Clustering => InterestCentroids.Settings(options.Value);

    private bool HasVectors() => inputs.Interest.Length > 0 || inputs.Negative.Length > 0 || inputs.Interests.Count > 0;

    private UserProfile CurrentProfile() => state.State.Profile! with
    {
        FollowedTopics = inputs.FollowedTopics.ToArray(),
        FeedbackCount = state.State.FeedbackCount,
        SeedPaperIds = state.State.SeededFrom.ToArray(),
        Keywords = state.State.Keywords.ToArray(),
        Encoder = HasVectors() ? EncoderIds.Of(inputs.Encoder) : "",
    };

    private void EnsureExists()
    {
        if (state.State.Profile is null)
        {
            throw new UnknownEntityException("user_id", UserId);
        }
    }

    private sealed record RebuiltFeed(FeedItem[] Items, Dictionary<long, RoutedPaper> Papers)
    {
        public int Count => Items.Length;
    }
}
