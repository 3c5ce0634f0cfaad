// A ranker swapped while a topic fans out: a threshold made of the old ranker's scores must not
// filter the new ranker's, so a paper the new ranker places in the feed gets there. Its own
// one-silo cluster, since it swaps the ranker every grain uses.
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Recommender.Abstractions;
using Recommender.Abstractions.Ingest;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;
using Recommender.Training.Simulation;

namespace Recommender.Grains.Tests.Scoring;

public sealed class RankerSwapTests : IAsyncLifetime
{
    private const int FeedSize = 5;
    private readonly InMemoryPaperStore papers = new();
    private readonly InMemoryFeedStore feeds = new(FeedSize);
    private readonly PromotableRankerSource source = new(new FixedRankerSource(new Shifted("similarity-v1", 0)));
    private InProcessTestCluster cluster = null!;

    /// <summary>Interest similarity plus a constant: the order of cosine, on a scale of the test's choosing.</summary>
    private sealed class Shifted(string version, float shift) : IRanker
    {
        public RankerDescriptor Descriptor { get; } = new(version, ["relevance"], PairFeatures.Names);

        public void Score(ReadOnlyMemory<float> features, int rows, Memory<float> taskScores, Memory<float> combined)
        {
            for (var row = 0; row < rows; row++)
            {
                var score = features.Span[row * PairFeatures.Count] + shift;
                taskScores.Span[row] = score;
                combined.Span[row] = score;
            }
        }
    }

    public async Task InitializeAsync() =>
        cluster = await TestSilos.StartAsync(1, _ => papers, feeds, options: o => o.FeedSize = FeedSize,
            configure: services => services.AddSingleton(new RankerVariants([new RankerVariant(RankerVariants.DefaultName, 1, source)])));

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task After_a_swap_to_a_ranker_of_lower_scores_a_paper_it_ranks_first_still_enters_the_re_scored_feed()
    {
        var grains = cluster.Client;
        var (slug, words) = SyntheticCorpus.Themes[2];
        await grains.GetGrain<ITopicGrain>(GrainKeys.Topic(slug)).Define(new TopicDefinition { Id = slug, Name = slug, Keywords = words.Take(8).ToArray() });
        var user = grains.GetGrain<IUserGrain>(GrainKeys.User("reader"));
        await user.Upsert(new UserProfile { Id = "reader" });
        await user.Follow(slug);
        var theme = Enumerable.Range(0, 12).Select(i => SyntheticCorpus.PaperOfTheme(2, i, seed: 3))
            .Select(p => new PaperRecord { Id = p.Id, Title = p.Title, Abstract = p.Abstract, Upvotes = p.Upvotes }).ToArray();
        // A full feed of the old ranker's scores: topics learn its threshold.
        await Ingest(grains, theme[..8]);

        // The new ranker keeps the order but scores everything 100 lower.
        source.Promote(new Shifted("similarity-minus-100", -100), "swap-1");
        // Fanned out into the old feed: the store reports a threshold made of old scores.
        await Ingest(grains, theme[8..10]);
        // The reader's next read re-scores the feed whole with the new ranker.
        var rescored = (await user.GetFeedPage(0, FeedSize))!;
        Assert.Equal("similarity-minus-100", rescored.RankerVersion);
        Assert.All(rescored.Entries, e => Assert.True(e.Score < -98, $"{e.PaperId} scored {e.Score}"));

        // A paper made of the topic's own words: the new ranker's best, so it belongs in the feed.
        var best = new PaperRecord { Id = "best", Title = string.Join(' ', words.Take(8)), Abstract = string.Join(' ', words.Concat(words)), Upvotes = 0 };
        await Ingest(grains, [best]);

        var stored = (await feeds.ReadAsync("reader", 0, FeedSize))!;
        var positions = (await papers.GetAsync(["best"])).Single().Position;
        Assert.Contains(stored.Items, i => i.Position == positions);
    }

    private async Task Ingest(IGrainFactory grains, IReadOnlyList<PaperRecord> batch)
    {
        await grains.GetGrain<IIngestGrain>(0).IngestBatch(batch);
        var ids = batch.Select(p => p.Id).ToArray();
        for (var attempt = 0; !(await papers.GetAsync(ids)).All(p => p.FannedOut); attempt++)
        {
            Assert.True(attempt < 400, "the papers were not fanned out within 10 s");
            await Task.Delay(25);
        }
    }
}
