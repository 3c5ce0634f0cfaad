// The e2e workload: topics from the synthetic corpus themes, users following them, and
// a stream of papers with duplicates and bad papers mixed in. Also the brute-force
// expectation of every user's feed, computed without the service.
using Google.Protobuf.WellKnownTypes;
using Recommender.Api.V1;
using Recommender.Grains;
using Recommender.Grains.Ingest;
using Recommender.Grains.Recall;
using Recommender.Grains.Topics;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;
using Recommender.Training.Simulation;
using TopicVectorSet = Recommender.Abstractions.Topics.TopicVectorSet;
using TopicVectorRecord = Recommender.Abstractions.Topics.TopicVector;
using FeedSource = Recommender.Abstractions.Feeds.FeedSource;
using RoutedPaper = Recommender.Abstractions.Papers.RoutedPaper;
using PaperSummaryRecord = Recommender.Abstractions.Papers.PaperSummary;

namespace Recommender.Server.Tests.EndToEnd;

public sealed class Workload
{
    public const int TopicCount = 50;
    public const int UserCount = 2000;
    public const int PaperCount = 300;

    private readonly HashedTextEncoder encoder = new();
    private readonly RecommenderOptions options = new();
    private readonly Lazy<ScoredCatalogue> catalogue;

    public Workload() : this(PaperCount)
    {
    }

    /// <param name="paperCount">How many synthetic papers the stream holds (the same first ones whatever the count).</param>
    public Workload(int paperCount)
    {
        Papers = SyntheticCorpus.Generate(paperCount, seed: 7).ToArray();
        catalogue = new(() => new ScoredCatalogue(this));
    }

    /// <summary>Which published ids the service stored (a paper whose title another paper already took is left out of every feed).</summary>
    public Func<string, bool> IsStored { get; set; } = _ => true;

    /// <summary>Several topics per synthetic theme, each from its own slice of the theme's words, so papers often match a few.</summary>
    public IReadOnlyList<Topic> Topics { get; } = Enumerable.Range(0, TopicCount).Select(i =>
    {
        var (slug, words) = SyntheticCorpus.Themes[i % SyntheticCorpus.Themes.Count];
        var variant = i / SyntheticCorpus.Themes.Count;
        var topic = new Topic { Id = $"{slug}-{variant}", Name = $"{slug.Replace('-', ' ')} {variant}" };
        topic.Keywords.AddRange(words.Skip(variant * 2).Concat(words).Take(8));
        return topic;
    }).ToArray();

    public IReadOnlyList<SyntheticPaper> Papers { get; }

    /// <summary>User i follows one or two topics, in this order.</summary>
    public IReadOnlyList<string> FollowsOf(int user) =>
        user % 3 == 0 ? [Topics[user % TopicCount].Id, Topics[(user * 7 + 1) % TopicCount].Id] : [Topics[user % TopicCount].Id];

    public static string UserId(int user) => $"user-{user:D4}";

    /// <summary>Every fifth paper is published without an id, so the server derives one from its title.</summary>
    public static bool PublishedWithId(int index) => index % 5 != 0;

    public string PublishedId(int index) =>
        PublishedWithId(index) ? Papers[index].Id : Recommender.Ranking.Text.TitleNormalizer.DeriveId(Papers[index].Title);

    public static Paper ToApi(SyntheticPaper paper, bool withId = true)
    {
        var result = new Paper
        {
            Id = withId ? paper.Id : "",
            Title = paper.Title,
            Abstract = paper.Abstract,
            PublishedAt = Timestamp.FromDateTimeOffset(paper.PublishedAt),
            Upvotes = paper.Upvotes,
            Url = $"https://papers.example/{paper.Id}",
        };
        result.Authors.AddRange(paper.Authors);
        result.Categories.Add("cs.LG");
        return result;
    }

    /// <summary>
    /// The top-K a user's feed must equal: every routed paper of the followed topics and, when the feed was last
    /// rebuilt with the whole catalogue in place (<paramref name="withRecall"/>), every paper of the topics nearest
    /// to the user's interest and the trending papers; all scored by the same model. Each with the source that
    /// brought it (followed, then interest, then trending). <paramref name="beyond"/> more are ranked past the feed's
    /// length, for the near-ties at its last place.
    /// </summary>
    /// <summary>Papers a feed keeps (the service's default).</summary>
    public int FeedSize => options.FeedSize;

    public IReadOnlyList<(string PaperId, float Score, FeedSource Source)> ExpectedFeed(int user, bool withRecall = false, int beyond = 0)
    {
        var follows = FollowsOf(user);
        var known = catalogue.Value;
        var interest = Array.Empty<float>();
        foreach (var topic in follows)
        {
            interest = VectorMath.MoveToward(interest, known.TopicVectors[topic], 1f);
        }
        var probed = withRecall ? InterestProbe.NearestTopics(interest, "", known.Routing, follows.ToArray(), options.InterestProbeTopics) : [];
        var trending = withRecall ? known.Trending(this) : new HashSet<int>();
        var signals = new UserSignals(HalfVector.Of(interest), HalfVector.Empty, 0, follows.ToHashSet());
        var tasks = new float[known.Ranker.Descriptor.TaskNames.Count];
        var scored = new List<(string, float, FeedSource)>();
        var row = new float[PairFeatures.Count];
        var combined = new float[1];
        for (var index = 0; index < Papers.Count; index++)
        {
            var paper = known.Papers[index];
            FeedSource? source = paper.Topics.Any(t => follows.Contains(t.TopicId)) ? FeedSource.FollowedTopic
                : paper.Topics.Any(t => probed.Contains(t.TopicId)) ? FeedSource.Interest
                : trending.Contains(index) ? FeedSource.Trending
                : null;
            if (source is null || !IsStored(PublishedId(index)))
            {
                continue;
            }
            PairFeatures.Write(signals, paper, row);
            lock (known.Ranker)
            {
                known.Ranker.Score(row, 1, tasks, combined);
            }
            scored.Add((PublishedId(index), combined[0], source.Value));
        }
        return scored
            .OrderByDescending(s => s.Item2)
            .ThenByDescending(s => s.Item1, StringComparer.Ordinal)
            .Take(options.FeedSize + beyond)
            .ToArray();
    }

    /// <summary>The topics the service must route paper <paramref name="index"/> to.</summary>
    public IEnumerable<string> TopicsOf(int index) => catalogue.Value.Papers[index].Topics.Select(t => t.TopicId);

    /// <summary>What every user's expectation shares: topic vectors, each paper's vector and routing, the model.</summary>
    private sealed class ScoredCatalogue
    {
        public ScoredCatalogue(Workload workload)
        {
            TopicVectors = workload.Topics.ToDictionary(t => t.Id, t => Recommender.Grains.Topics.TopicVectors.Build(workload.encoder, t.Name, t.Keywords, []));
            var routing = Routing = new TopicVectorSet
            {
                Topics = TopicVectors.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => new TopicVectorRecord { TopicId = p.Key, Vector = p.Value, Encoder = workload.encoder.Name }).ToArray(),
            };
            Papers = workload.Papers.Select(paper =>
            {
                var vector = workload.encoder.Encode(paper.Title, paper.Abstract);
                var topics = TopicRouter.Route(vector, workload.encoder.Name, routing, workload.options.RoutingThreshold, workload.options.MaxTopicsPerPaper);
                var age = (float)(DateTimeOffset.UtcNow - paper.PublishedAt).TotalDays;
                return new PaperSignals(vector, paper.Upvotes, age, topics.Select(t => new TopicSimilarity(t.TopicId, t.Similarity)).ToArray());
            }).ToArray();
            // The model the server ranks with by default, from the server's own output.
            Ranker = OnnxRanker.Load(Path.Combine(AppContext.BaseDirectory, "models", "default.onnx"), PairFeatures.Names);
        }

        public Dictionary<string, float[]> TopicVectors { get; }

        /// <summary>The topic vectors as the service's directory lists them.</summary>
        public TopicVectorSet Routing { get; }

        /// <summary>The indexes of the papers the trending source offers, among those the service stored.</summary>
        public HashSet<int> Trending(Workload workload)
        {
            var stored = Enumerable.Range(0, workload.Papers.Count).Where(i => workload.IsStored(workload.PublishedId(i))).Select(i => new RoutedPaper
            {
                Summary = new PaperSummaryRecord { Id = workload.PublishedId(i), Title = "", Upvotes = workload.Papers[i].Upvotes, PublishedAt = workload.Papers[i].PublishedAt },
                Vector = [],
                Topics = [],
                Position = i,
            });
            var ids = TrendingRank.Select(stored.TakeLast(workload.options.TrendingScanPapers), workload.options.TrendingPapers).Select(p => p.Id).ToHashSet();
            return Enumerable.Range(0, workload.Papers.Count).Where(i => ids.Contains(workload.PublishedId(i))).ToHashSet();
        }

        public PaperSignals[] Papers { get; }

        public OnnxRanker Ranker { get; }
    }
}
