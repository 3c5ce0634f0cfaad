// Feeds filled from every recall source, on a cluster of its own whose catalogue holds four themes'
// papers: the followed topics, the topics nearest to the user's interest, and trending papers.
using Orleans.TestingHost;
using Recommender.Abstractions;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Ingest;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;
using Recommender.Training.Simulation;

namespace Recommender.Grains.Tests.Recall;

public sealed class RecallTests(RecallTests.Catalogue catalogue) : IClassFixture<RecallTests.Catalogue>
{
    private static async Task<FeedEntry[]> Feed(IUserGrain user) => (await user.GetFeedPage(0, 100))!.Entries.ToArray();

    private IUserGrain NewUser() => catalogue.Grains.GetGrain<IUserGrain>(GrainKeys.User($"u-{Guid.NewGuid():N}"));

    [Fact]
    public async Task A_user_created_with_seed_papers_and_no_topic_gets_the_papers_nearest_to_them_marked_as_interest()
    {
        var user = NewUser();

        await user.Upsert(new UserProfile { Id = "u", SeedPaperIds = catalogue.OfTheme(0).Take(5).ToArray() });

        var feed = await Feed(user);
        var nearest = feed.Take(Catalogue.PapersPerTheme).ToArray();
        Assert.Equal(catalogue.OfTheme(0).Order(), nearest.Select(e => e.PaperId).Order());
        Assert.All(nearest, e => Assert.Equal(FeedSource.Interest, e.Source));
        Assert.All(nearest, e => Assert.Contains(e.Reasons, r => r.StartsWith("close to your interests")));
        Assert.DoesNotContain(feed, e => e.Source == FeedSource.FollowedTopic);
    }

    [Fact]
    public async Task A_user_seeded_with_two_themes_is_probed_in_both_and_their_papers_lead_the_feed()
    {
        var user = NewUser();

        // Three seeds of one theme and two of another: one mean interest would lean to the first and probe only its topic.
        await user.Upsert(new UserProfile { Id = "u", SeedPaperIds = [.. catalogue.OfTheme(0).Take(3), .. catalogue.OfTheme(1).Take(2)] });

        var feed = await Feed(user);
        var both = catalogue.OfTheme(0).Concat(catalogue.OfTheme(1)).ToHashSet();
        Assert.Equal(both.Order(), feed.Take(2 * Catalogue.PapersPerTheme).Select(e => e.PaperId).Order());
        Assert.All(feed.Where(e => both.Contains(e.PaperId)), e => Assert.Equal(FeedSource.Interest, e.Source));
    }

    [Fact]
    public async Task A_user_with_no_interest_at_all_still_gets_the_trending_papers_marked_as_trending()
    {
        var user = NewUser();

        await user.Upsert(new UserProfile { Id = "u" });

        var feed = await Feed(user);
        Assert.Equal(catalogue.OfTheme(Catalogue.TrendingTheme).Order(), feed.Select(e => e.PaperId).Order());
        Assert.All(feed, e => Assert.Equal(FeedSource.Trending, e.Source));
        Assert.All(feed, e => Assert.Contains($"trending ({Catalogue.TrendingUpvotes} upvotes)", e.Reasons));
    }

    [Fact]
    public async Task Keywords_alone_seed_the_interest_and_sending_them_again_changes_nothing()
    {
        var user = NewUser();
        var profile = new UserProfile { Id = "u", Keywords = SyntheticCorpus.Themes[1].Words.Take(3).ToArray() };

        await user.Upsert(profile);
        var first = await Feed(user);
        await user.Upsert(profile);

        Assert.Equal(catalogue.OfTheme(1).Order(), first.Take(Catalogue.PapersPerTheme).Select(e => e.PaperId).Order());
        Assert.All(first.Take(Catalogue.PapersPerTheme), e => Assert.Equal(FeedSource.Interest, e.Source));
        Assert.Equal(first.Select(e => (e.PaperId, e.Score)), (await Feed(user)).Select(e => (e.PaperId, e.Score)));
        Assert.Equal(profile.Keywords, (await user.Get())!.Keywords);
    }

    [Fact]
    public async Task A_paper_of_a_followed_topic_is_marked_followed_even_when_the_interest_recalls_it_too()
    {
        var user = NewUser();
        await user.Upsert(new UserProfile { Id = "u", SeedPaperIds = catalogue.OfTheme(0).Take(5).ToArray() });

        await user.Follow(catalogue.TopicOf(0));

        var feed = await Feed(user);
        var theme = catalogue.OfTheme(0).ToHashSet();
        Assert.All(feed.Where(e => theme.Contains(e.PaperId)), e => Assert.Equal(FeedSource.FollowedTopic, e.Source));
        Assert.Equal(theme.Count, feed.Count(e => theme.Contains(e.PaperId)));
    }

    [Fact]
    public async Task A_hidden_paper_stays_out_of_the_feed_whatever_source_would_bring_it()
    {
        var user = NewUser();
        await user.Upsert(new UserProfile { Id = "u", SeedPaperIds = catalogue.OfTheme(0).Take(5).ToArray() });
        var interesting = (await Feed(user)).First(e => e.Source == FeedSource.Interest).PaperId;
        var trending = (await Feed(user)).First(e => e.Source == FeedSource.Trending).PaperId;

        await user.RecordFeedback(interesting, FeedbackKind.Hide);
        await user.RecordFeedback(trending, FeedbackKind.Hide);

        var feed = await Feed(user);
        Assert.DoesNotContain(feed, e => e.PaperId == interesting || e.PaperId == trending);
    }

    /// <summary>One silo with in-memory stores; four topics of four themes, eight papers each; only the last theme's papers have upvotes.</summary>
    public sealed class Catalogue : IAsyncLifetime
    {
        public const int PapersPerTheme = 8;
        public const int TrendingTheme = 3;
        public const int TrendingUpvotes = 250;
        private const int Themes = 4;

        private readonly InMemoryPaperStore papers = new();
        private InProcessTestCluster cluster = null!;

        public IGrainFactory Grains => cluster.Client;

        public string TopicOf(int theme) => $"{SyntheticCorpus.Themes[theme].Slug}-recall";

        public string[] OfTheme(int theme) => Enumerable.Range(0, PapersPerTheme).Select(i => $"recall-{theme}-{i}").ToArray();

        public async Task InitializeAsync()
        {
            cluster = await TestSilos.StartAsync(1, _ => papers, new InMemoryFeedStore(100), options: o =>
            {
                o.InterestProbeTopics = 1;
                // Low enough that every paper reaches its theme's topic (a few synthetic ones fall under the default).
                o.RoutingThreshold = 0.1f;
            });

            for (var theme = 0; theme < Themes; theme++)
            {
                var (slug, words) = SyntheticCorpus.Themes[theme];
                await Grains.GetGrain<ITopicGrain>(GrainKeys.Topic(TopicOf(theme)))
                    .Define(new TopicDefinition { Id = TopicOf(theme), Name = slug, Keywords = words.Take(8).ToArray() });
            }
            var records = Enumerable.Range(0, Themes).SelectMany(theme => OfTheme(theme).Select((id, i) =>
            {
                var paper = SyntheticCorpus.PaperOfTheme(theme, i, seed: 23);
                return new PaperRecord
                {
                    Id = id,
                    Title = paper.Title,
                    Abstract = paper.Abstract,
                    PublishedAt = paper.PublishedAt,
                    Upvotes = theme == TrendingTheme ? TrendingUpvotes : 0,
                };
            })).ToArray();
            await Grains.GetGrain<IIngestGrain>(0).IngestBatch(records);
            // Each paper must reach its theme's topic for the interest probe to find it.
            var stored = await papers.GetAsync(records.Select(r => r.Id).ToArray());
            Assert.All(stored, p => Assert.Contains(p.Topics, t => t.TopicId == TopicOf(int.Parse(p.Paper.Id.Split('-')[1]))));
            for (var attempt = 0; !(await papers.GetAsync(records.Select(r => r.Id).ToArray())).All(p => p.FannedOut); attempt++)
            {
                Assert.True(attempt < 400, "the papers were not fanned out within 10 s");
                await Task.Delay(25);
            }
        }

        public async Task DisposeAsync() => await cluster.DisposeAsync();
    }
}
