// What every paper store must do, run against each implementation (SQLite, PostgreSQL, in-memory).
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Recommender.Abstractions.Papers;
using Recommender.Storage.Papers;
using Recommender.Storage.Schema;

namespace Recommender.Storage.Tests.Papers;

public abstract class PaperStoreContract
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IPaperStore> CreateStoreAsync();

    protected static PaperPayloads Payloads() => new(
        new ServiceCollection()
            .AddSerializer(s => s.AddAssembly(typeof(StoredPaper).Assembly))
            .BuildServiceProvider()
            .GetRequiredService<Serializer<StoredPaper>>());

    private PaperToStore Paper(int n, params string[] topics) => new(
        new StoredPaper
        {
            Paper = new PaperRecord { Id = $"{run}-{n}", Title = $"Paper {n}", Abstract = $"About {n}.", Authors = ["A. Author"], Upvotes = n },
            Vector = [n, 1f, 0.5f],
            Topics = topics.Select((t, i) => new TopicMatch { TopicId = t, Similarity = 0.9f - i * 0.1f }).ToArray(),
            ArrivedAt = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero),
            AgeDays = 1.5f,
        },
        $"{run}-title-{n}");

    [Fact]
    public async Task New_papers_are_added_and_read_back_whole_with_their_topics()
    {
        var store = await CreateStoreAsync();
        var paper = Paper(1, "nlp", "vision");

        var outcomes = await store.AddAsync([paper]);

        Assert.Equal(new StoreOutcome(StoreStatus.Added, paper.Paper.Paper.Id, Position: outcomes[0].Position), outcomes[0]);
        Assert.True(outcomes[0].Position > 0);
        Assert.Equal(outcomes[0].Position, (await store.GetByPositionAsync([outcomes[0].Position]))[0].Position);
        var read = Assert.Single(await store.GetAsync([paper.Paper.Paper.Id, "no-such-paper"]));
        Assert.Equivalent(paper.Paper.Paper, read.Paper, strict: true);
        Assert.Equal(paper.Paper.Vector, read.Vector);
        Assert.Equal(paper.Paper.Topics, read.Topics);
        Assert.Equal(paper.Paper.ArrivedAt, read.ArrivedAt);
        Assert.Equal(paper.Paper.AgeDays, read.AgeDays);
    }

    [Fact]
    public async Task A_stored_id_or_title_makes_a_duplicate_that_names_the_paper_already_stored()
    {
        var store = await CreateStoreAsync();
        var first = Paper(1);
        await store.AddAsync([first]);
        var sameTitle = Paper(2) with { TitleKey = first.TitleKey };

        var outcomes = await store.AddAsync([first, sameTitle, Paper(3)]);

        Assert.Equal(new StoreOutcome(StoreStatus.SameId, first.Paper.Paper.Id, Delivered: false), outcomes[0]);
        Assert.Equal(new StoreOutcome(StoreStatus.SameTitle, first.Paper.Paper.Id), outcomes[1]);
        Assert.Equal(StoreStatus.Added, outcomes[2].Status);
        Assert.Empty(await store.GetAsync([sameTitle.Paper.Paper.Id]));
    }

    [Fact]
    public async Task Re_encoding_replaces_only_the_vector_and_its_encoder()
    {
        var store = await CreateStoreAsync();
        var papers = new[] { Paper(1, "nlp"), Paper(2, "vision") };
        var positions = (await store.AddAsync(papers)).Select(o => o.Position).ToArray();
        await store.MarkDeliveredAsync([papers[0].Paper.Paper.Id]);
        var before = (await store.GetAsync([papers[0].Paper.Paper.Id]))[0];

        await store.ReplaceVectorsAsync([before with { Vector = [0f, 0f, 1f, 0f], Encoder = "other-v1" },
            papers[1].Paper with { Paper = papers[1].Paper.Paper with { Id = "not-stored" }, Encoder = "other-v1" }]);

        var after = (await store.GetAsync([papers[0].Paper.Paper.Id, papers[1].Paper.Paper.Id, "not-stored"])).OrderBy(p => p.Position).ToArray();
        Assert.Equal(2, after.Length);
        Assert.Equal([0f, 0f, 1f, 0f], after[0].Vector);
        Assert.Equal("other-v1", after[0].Encoder);
        Assert.Equivalent(before.Paper, after[0].Paper, strict: true);
        Assert.Equal(before.Topics, after[0].Topics);
        Assert.Equal((positions[0], true), (after[0].Position, after[0].FannedOut));
        // The other paper is untouched, and the unknown id added nothing.
        Assert.Equal(papers[1].Paper.Vector, after[1].Vector);
        Assert.Equal("", after[1].Encoder);
        Assert.Equal(2, (await store.ListAsync(0, 10)).Papers.Count);
    }

    [Fact]
    public async Task Concurrent_adds_of_the_same_papers_add_each_exactly_once()
    {
        var store = await CreateStoreAsync();
        var papers = Enumerable.Range(0, 50).Select(n => Paper(n, "nlp")).ToArray();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.AddAsync(papers))));

        for (var n = 0; n < papers.Length; n++)
        {
            Assert.Equal(1, outcomes.Count(o => o[n].Status == StoreStatus.Added));
            Assert.Equal(3, outcomes.Count(o => o[n].Status == StoreStatus.SameId));
        }
        await store.MarkDeliveredAsync(papers.Select(p => p.Paper.Paper.Id).ToArray());
        Assert.Equal(50, (await store.RecentInTopicAsync("nlp", 100)).Total);
    }

    [Fact]
    public async Task Delivery_is_tracked_until_marked_and_reported_with_a_duplicate_id()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync([Paper(1), Paper(2), Paper(3)]);

        await store.MarkDeliveredAsync([Paper(2).Paper.Paper.Id]);

        Assert.Equal([Paper(1).Paper.Paper.Id, Paper(3).Paper.Paper.Id], await store.ListUndeliveredAsync(10));
        var again = await store.AddAsync([Paper(1), Paper(2)]);
        Assert.False(again[0].Delivered);
        Assert.True(again[1].Delivered);
    }

    [Fact]
    public async Task Fan_out_state_is_answered_for_each_stored_paper_asked_and_unknown_ids_are_left_out()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync([Paper(1), Paper(2), Paper(3)]);
        await store.MarkDeliveredAsync([Paper(2).Paper.Paper.Id]);

        var delivered = await store.DeliveredAsync([Paper(3).Paper.Paper.Id, Paper(2).Paper.Paper.Id, "not-stored", Paper(2).Paper.Paper.Id]);

        Assert.Equal(2, delivered.Count);
        Assert.False(delivered[Paper(3).Paper.Paper.Id]);
        Assert.True(delivered[Paper(2).Paper.Paper.Id]);
        Assert.Empty(await store.DeliveredAsync([]));
    }

    [Fact]
    public async Task A_topic_does_not_list_papers_still_on_their_way_to_it()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync([Paper(1, "nlp"), Paper(2, "nlp")]);

        await store.MarkDeliveredAsync([Paper(1).Paper.Paper.Id]);

        var recent = await store.RecentInTopicAsync("nlp", 10);
        Assert.Equal([Paper(1).Paper.Paper.Id], recent.Papers.Select(p => p.Paper.Id));
        Assert.Equal(1, recent.Total);
    }

    [Fact]
    public async Task The_catalogue_pages_in_arrival_order_and_says_when_it_is_complete()
    {
        var store = await CreateStoreAsync();
        var papers = Enumerable.Range(0, 7).Select(n => Paper(n)).ToArray();
        await store.AddAsync(papers[..4]);
        await store.AddAsync(papers[4..]);

        var ids = new List<string>();
        var pages = 0;
        long? after = 0;
        while (after is { } position)
        {
            var page = await store.ListAsync(position, 3);
            ids.AddRange(page.Papers.Select(p => p.Paper.Id));
            after = page.NextAfter;
            pages++;
        }

        Assert.Equal(papers.Select(p => p.Paper.Paper.Id), ids);
        Assert.Equal(3, pages);
        Assert.Equal([papers[6].Paper.Paper.Id, papers[5].Paper.Paper.Id], (await store.LatestAsync(2)).Select(p => p.Paper.Id));
    }

    [Fact]
    public async Task A_topic_lists_its_papers_newest_first_including_ones_added_after_the_fact()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync([Paper(1, "nlp"), Paper(2), Paper(3, "nlp", "vision")]);
        await store.MarkDeliveredAsync([Paper(1).Paper.Paper.Id, Paper(2).Paper.Paper.Id, Paper(3).Paper.Paper.Id]);

        await store.AddToTopicAsync("nlp", [new TopicMember(Paper(2).Paper.Paper.Id, 0.3f), new TopicMember(Paper(3).Paper.Paper.Id, 0.1f)]);

        var recent = await store.RecentInTopicAsync("nlp", 2);
        Assert.Equal(3, recent.Total);
        Assert.Equal([Paper(3).Paper.Paper.Id, Paper(2).Paper.Paper.Id], recent.Papers.Select(p => p.Paper.Id));
        // The paper routed on arrival keeps its similarity; the late addition lists the topic too.
        Assert.Equal(0.9f, recent.Papers[0].Topics.Single(t => t.TopicId == "nlp").Similarity);
        Assert.Equal(0.3f, Assert.Single(recent.Papers[1].Topics).Similarity);
    }
}

public sealed class InMemoryPaperStoreTests : PaperStoreContract
{
    protected override Task<IPaperStore> CreateStoreAsync() => Task.FromResult<IPaperStore>(new InMemoryPaperStore());
}

/// <summary>The SQL stores also keep the rows of services that share a database apart.</summary>
public abstract class SqlPaperStoreContract : PaperStoreContract
{
    protected abstract Task<IPaperStore> CreateStoreAsync(string serviceId);

    protected override Task<IPaperStore> CreateStoreAsync() => CreateStoreAsync("tests");

    [Fact]
    public async Task Two_services_sharing_a_database_each_keep_their_own_catalogue()
    {
        var blue = await CreateStoreAsync("blue");
        var green = await CreateStoreAsync("green");
        var paper = new PaperToStore(
            new StoredPaper { Paper = new PaperRecord { Id = "p1", Title = "T", Abstract = "A" }, Vector = [1f], Topics = [new TopicMatch { TopicId = "t" }] },
            "title-key");

        await blue.AddAsync([paper]);

        Assert.Equal(StoreStatus.Added, (await green.AddAsync([paper]))[0].Status);
        Assert.Equal(StoreStatus.SameId, (await blue.AddAsync([paper]))[0].Status);
        await green.MarkDeliveredAsync(["p1"]);
        Assert.Equal(1, (await green.RecentInTopicAsync("t", 10)).Total);
        Assert.Equal(0, (await blue.RecentInTopicAsync("t", 10)).Total);
    }
}

public sealed class SqlitePaperStoreTests : SqlPaperStoreContract, IDisposable
{
    private readonly string file = TestServices.NewSqliteFile();

    protected override async Task<IPaperStore> CreateStoreAsync(string serviceId)
    {
        await SchemaInstaller.InstallSqliteAsync(file, CancellationToken.None);
        return new SqlitePaperStore(SqliteConnections.ForFile(file), Payloads(), serviceId, new WriterGate());
    }

    public void Dispose() => TestServices.DeleteSqliteFile(file);
}

public sealed class PostgresPaperStoreTests : SqlPaperStoreContract
{
    private string? database;

    protected override async Task<IPaperStore> CreateStoreAsync(string serviceId)
    {
        if (database is null)
        {
            database = await TestServices.NewPostgresDatabaseAsync();
            await SchemaInstaller.InstallPostgresAsync(database, CancellationToken.None);
        }
        return new PostgresPaperStore(Npgsql.NpgsqlDataSource.Create(database), Payloads(), serviceId);
    }
}
