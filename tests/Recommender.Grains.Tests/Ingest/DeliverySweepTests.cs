// The hand-over sweep on a cluster of its own (two silos, reminders in memory, a 200 ms period).
using Orleans.TestingHost;
using Recommender.Abstractions;
using Recommender.Abstractions.Ingest;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Ranking.Embedding;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;
using Recommender.Training.Simulation;

namespace Recommender.Grains.Tests.Ingest;

public sealed class DeliverySweepTests : IAsyncLifetime
{
    private readonly InMemoryPaperStore papers = new();
    private readonly InMemoryFeedStore feeds = new(10);
    private readonly SweepProbe probe = new();
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync() =>
        cluster = await TestSilos.StartAsync(2, silo => new SweepProbeStore(papers, silo, probe), feeds, options: o =>
        {
            o.DeliverySweepInterval = TimeSpan.FromMilliseconds(200);
            o.DeliveryGracePeriod = TimeSpan.FromHours(1);
        });

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task One_sweep_runs_across_both_silos_and_hands_over_papers_past_their_grace_period_only()
    {
        var grains = cluster.Client;
        var (slug, words) = SyntheticCorpus.Themes[2];
        await grains.GetGrain<ITopicGrain>(GrainKeys.Topic(slug)).Define(new TopicDefinition { Id = slug, Name = slug, Keywords = words.Take(8).ToArray() });
        var user = grains.GetGrain<IUserGrain>(GrainKeys.User("reader"));
        await user.Upsert(new UserProfile { Id = "reader" });
        await user.Follow(slug);
        var old = await StoreWithoutHandOver(0, slug, arrivedAt: DateTimeOffset.UtcNow.AddHours(-2));
        var young = await StoreWithoutHandOver(1, slug, arrivedAt: DateTimeOffset.UtcNow);

        var sweep = grains.GetGrain<IDeliverySweepGrain>(GrainKeys.DeliverySweep);
        for (var attempt = 0; !(await papers.GetAsync([old]))[0].FannedOut; attempt++)
        {
            Assert.True(attempt < 400, "the sweep did not hand the old paper over within 20 s");
            await Task.Delay(50);
        }
        var looks = (await sweep.GetStatus()).Looks;
        for (var attempt = 0; (await sweep.GetStatus()).Looks < looks + 5; attempt++)
        {
            Assert.True(attempt < 400, "the sweep stopped looking");
            await Task.Delay(50);
        }

        Assert.False((await papers.GetAsync([young]))[0].FannedOut);
        var feed = await feeds.ReadAsync("reader", 0, 10);
        var inFeed = await papers.GetByPositionAsync(feed!.Items.Select(i => i.Position).ToArray());
        Assert.Contains(inFeed, p => p.Paper.Id == old);
        Assert.DoesNotContain(inFeed, p => p.Paper.Id == young);
        // Both silos woke the sweep as they started, yet only one of them ever listed, one list at a time.
        Assert.Single(probe.Silos);
        Assert.Equal(1, probe.MostAtOnce);
        var status = await sweep.GetStatus();
        Assert.Equal(1, status.Redelivered);
        Assert.Equal(0, status.Failures);
    }

    /// <summary>What a crash between the store's write and the hand-over leaves: a stored paper not yet fanned out.</summary>
    private async Task<string> StoreWithoutHandOver(int index, string topic, DateTimeOffset arrivedAt)
    {
        var synthetic = SyntheticCorpus.PaperOfTheme(2, index, seed: 5);
        var paper = new PaperRecord { Id = synthetic.Id, Title = synthetic.Title, Abstract = synthetic.Abstract };
        var stored = new StoredPaper
        {
            Paper = paper,
            Vector = new HashedTextEncoder().Encode(paper.Title, paper.Abstract),
            Topics = [new TopicMatch { TopicId = topic, Similarity = 0.5f }],
            ArrivedAt = arrivedAt,
        };
        await papers.AddAsync([new PaperToStore(stored, "key-" + paper.Id)]);
        return paper.Id;
    }
}
