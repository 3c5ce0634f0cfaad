// Where a feed rebuild takes its candidates: the followed topics' recent papers, those of the topics
// nearest to the user's interest, and the trending papers; each candidate keeps the source that brought it.
using Recommender.Abstractions;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Grains.Users;

namespace Recommender.Grains.Recall;

/// <summary>A candidate paper and the first source (in the order followed, interest, trending) that recalled it.</summary>
public readonly record struct RecalledPaper(RoutedPaper Paper, FeedSource Source);

public sealed class RecallPlan
{
    private readonly (ITopicGrain Topic, FeedSource Source)[] topics;
    private readonly IReadOnlyList<RoutedPaper> trending;

    private RecallPlan((ITopicGrain, FeedSource)[] topics, IReadOnlyList<RoutedPaper> trending)
    {
        this.topics = topics;
        this.trending = trending;
    }

    /// <summary>The topics whose windows a rebuild reads (followed, then the <paramref name="probes"/> nearest others, shared among the user's interests) and the trending papers.</summary>
    public static async Task<RecallPlan> MakeAsync(IGrainFactory grains, TopicVectorCache topicVectors, TrendingPapers trending, SubscriberProfile inputs, int probes)
    {
        var followed = inputs.FollowedTopics;
        IReadOnlyList<string> nearest = [];
        var interests = InterestCentroids.ForRecall(inputs);
        if (probes > 0 && interests.Count > 0)
        {
            var vectors = await topicVectors.GetAsync();
            nearest = InterestProbe.NearestTopicsOfEach(interests, inputs.Encoder, vectors, followed.ToHashSet(StringComparer.Ordinal), probes);
        }
        var plan = followed.Select(id => (Topic(grains, id), FeedSource.FollowedTopic))
            .Concat(nearest.Select(id => (Topic(grains, id), FeedSource.Interest)))
            .ToArray();
        return new RecallPlan(plan, await trending.GetAsync());
    }

    /// <summary>The followed topics, whose copies of the user's inputs a rebuild refreshes.</summary>
    public IEnumerable<ITopicGrain> FollowedTopics => topics.Where(t => t.Source == FeedSource.FollowedTopic).Select(t => t.Topic);

    /// <summary>Every candidate not yet in <paramref name="seen"/> (which takes them in) and not hidden.</summary>
    public Task<List<RecalledPaper>> CandidatesAsync(Dictionary<long, RoutedPaper> seen, IReadOnlySet<string> hidden) =>
        CandidatesAsync(topics, trending, seen, hidden);

    /// <summary>
    /// What reached the followed topics' windows since <see cref="CandidatesAsync(Dictionary{long, RoutedPaper}, IReadOnlySet{string})"/>:
    /// those papers may have missed both the rebuild and the topic's fan-out. Other sources are not pushed as papers
    /// arrive, so a second look at them would promise nothing more and cost a grain call per probed topic.
    /// </summary>
    public Task<List<RecalledPaper>> LateCandidatesAsync(Dictionary<long, RoutedPaper> seen, IReadOnlySet<string> hidden) =>
        CandidatesAsync(topics.Where(t => t.Source == FeedSource.FollowedTopic).ToArray(), [], seen, hidden);

    private static async Task<List<RecalledPaper>> CandidatesAsync(
        (ITopicGrain Topic, FeedSource Source)[] topics, IReadOnlyList<RoutedPaper> trending, Dictionary<long, RoutedPaper> seen, IReadOnlySet<string> hidden)
    {
        var windows = await Task.WhenAll(topics.Select(t => t.Topic.GetRecentPapers()));
        var result = new List<RecalledPaper>();
        // In plan order, so a paper that two sources recall keeps the first one.
        for (var i = 0; i < topics.Length; i++)
        {
            Take(windows[i], topics[i].Source);
        }
        Take(trending, FeedSource.Trending);
        return result;

        void Take(IEnumerable<RoutedPaper> papers, FeedSource source)
        {
            foreach (var paper in papers)
            {
                if (!hidden.Contains(paper.Id) && seen.TryAdd(paper.Position, paper))
                {
                    result.Add(new RecalledPaper(paper, source));
                }
            }
        }
    }

    private static ITopicGrain Topic(IGrainFactory grains, string id) => grains.GetGrain<ITopicGrain>(GrainKeys.Topic(id));
}
