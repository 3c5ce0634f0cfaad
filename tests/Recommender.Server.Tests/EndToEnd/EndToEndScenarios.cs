// The end-to-end checks, run against each server profile by the classes that derive from it.
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Ranking.Embedding;

namespace Recommender.Server.Tests.EndToEnd;

public abstract partial class EndToEndScenarios
{
    private readonly Workload workload = new();

    /// <summary>A new server over storage that survives <see cref="ServerProcess.CrashAsync"/>; the same storage on every call.</summary>
    protected abstract ServerProcess NewServer();

    /// <summary>Whether stored feeds outlive a crash (Redis); if not, every feed is rebuilt at its next read.</summary>
    protected abstract bool FeedsSurviveCrash { get; }

    [Fact]
    public async Task Published_papers_reach_followers_as_the_brute_force_top_k_across_crashes()
    {
        await using var server = NewServer();
        await server.StartAsync();
        await CreateTopicsAndUsers(server, followBeforePublishing: user => user % 2 == 0);
        var responses = await PublishAll(server, Stream());

        AssertPublishResponses(responses);
        // A crash right after the last answer, while the fan-out is still under way: the
        // restarted server must finish it for every follower.
        await server.CrashAsync();
        await server.StartAsync();
        await WaitUntilFannedOut(server, responses);
        await FollowRemaining(server, user => user % 2 != 0);
        var feeds = await ReadAllFeeds(server);
        // Users who followed after the papers arrived were rebuilt with every source in place; so were all
        // users whose feeds the crash lost. The others hold what fan-out brought after a rebuild over an
        // empty catalogue: only their followed topics' papers.
        AssertFeedsMatchBruteForce(workload, feeds, Workload.UserCount, recalled: user => user % 2 != 0 || !FeedsSurviveCrash);
        Assert.Contains(feeds.Values.SelectMany(f => f), i => i.Source == FeedSource.Interest);
        Assert.Contains(feeds.Values.SelectMany(f => f), i => i.Source == FeedSource.Trending);

        // Same storage and the same silo endpoint, as a restarted process on the same host would have.
        await server.CrashAsync();
        await server.StartAsync();
        Assert.Equal(Signature(feeds), Signature(await ReadAllFeeds(server)));
        var users = new Users.UsersClient(server.Channel);
        Assert.Equal(workload.FollowsOf(3), (await users.GetUserAsync(new GetUserRequest { Id = Workload.UserId(3) })).FollowedTopics);
        var topics = await new Topics.TopicsClient(server.Channel).ListTopicsAsync(new ListTopicsRequest());
        Assert.Equal(Workload.TopicCount, topics.Topics.Count);
        var paper = await new Papers.PapersClient(server.Channel).GetPaperAsync(new GetPaperRequest { Id = workload.PublishedId(1) });
        Assert.Equal(workload.Papers[1].Title, paper.Paper.Title);
        Assert.True(paper.FannedOut);
        // The server runs the default encoder; every vector-bearing answer names it.
        var encoder = new HashedTextEncoder().Name;
        Assert.Equal(encoder, paper.Encoder);
        Assert.All(topics.Topics, t => Assert.Equal(encoder, t.Encoder));
        var vectors = await new Papers.PapersClient(server.Channel).ListPaperVectorsAsync(new ListPaperVectorsRequest { PageSize = 5 });
        Assert.Equal(5, vectors.Papers.Count);
        Assert.All(vectors.Papers, v => Assert.Equal(encoder, v.Encoder));

        var again = await PublishAll(server, workload.Papers.Take(20).Select(p => Workload.ToApi(p)));
        Assert.All(again, r => Assert.Equal(PublishStatus.Duplicate, r.Status));

        static string Signature(Dictionary<string, List<FeedItem>> feeds) => string.Join("\n",
            feeds.OrderBy(f => f.Key).Select(f => f.Key + ":" + string.Join(",", f.Value.Select(i => i.Paper.Id))));
    }

    [Fact]
    public async Task Bad_requests_are_answered_with_the_status_and_the_field_at_fault()
    {
        var server = NewServer();
        await using (server)
        {
            await server.StartAsync();
            var users = new Users.UsersClient(server.Channel);
            var feeds = new Recommender.Api.V1.Feeds.FeedsClient(server.Channel);
            var topics = new Topics.TopicsClient(server.Channel);
            await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "ada", Email = "ada@example.org" } });

            await AssertFails(StatusCode.InvalidArgument, "user.id", () => users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "no spaces" } }).ResponseAsync);
            await AssertFails(StatusCode.InvalidArgument, "user.email", () => users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "bob", Email = "bob" } }).ResponseAsync);
            await AssertFails(StatusCode.NotFound, "id", () => users.GetUserAsync(new GetUserRequest { Id = "nobody" }).ResponseAsync);
            await AssertFails(StatusCode.NotFound, "topic_id", () => users.FollowTopicAsync(new FollowTopicRequest { UserId = "ada", TopicId = "no-such-topic" }).ResponseAsync);
            await AssertFails(StatusCode.NotFound, "user_id", () => users.FollowTopicAsync(new FollowTopicRequest { UserId = "nobody", TopicId = "x" }).ResponseAsync);
            await AssertFails(StatusCode.InvalidArgument, "kind", () => users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = "ada", PaperId = "p1" }).ResponseAsync);
            await AssertFails(StatusCode.NotFound, "paper_id", () => users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = "ada", PaperId = "p1", Kind = FeedbackKind.Click }).ResponseAsync);
            await AssertFails(StatusCode.InvalidArgument, "page_size", () => feeds.GetFeedAsync(new GetFeedRequest { UserId = "ada", PageSize = 1000 }).ResponseAsync);
            await AssertFails(StatusCode.InvalidArgument, "page_token", () => feeds.GetFeedAsync(new GetFeedRequest { UserId = "ada", PageToken = "garbage" }).ResponseAsync);
            await AssertFails(StatusCode.NotFound, "user_id", () => feeds.GetFeedAsync(new GetFeedRequest { UserId = "nobody" }).ResponseAsync);
            await AssertFails(StatusCode.InvalidArgument, "topic.id", () => topics.CreateTopicAsync(new CreateTopicRequest { Topic = new Topic { Id = "Bad Id", Keywords = { "x" } } }).ResponseAsync);
            await AssertFails(StatusCode.InvalidArgument, "topic.keywords", () => topics.CreateTopicAsync(new CreateTopicRequest { Topic = new Topic { Id = "empty" } }).ResponseAsync);
            await AssertFails(StatusCode.NotFound, "topic.seed_paper_ids", () => topics.CreateTopicAsync(new CreateTopicRequest { Topic = new Topic { Id = "seeded", SeedPaperIds = { "missing" } } }).ResponseAsync);
            var papers = new Papers.PapersClient(server.Channel);
            await AssertFails(StatusCode.NotFound, "id", () => papers.GetPaperAsync(new GetPaperRequest { Id = "missing" }).ResponseAsync);
            await AssertFails(StatusCode.InvalidArgument, "paper_ids", () => papers.GetFanOutStatusAsync(new GetFanOutStatusRequest()).ResponseAsync);
            await AssertFails(StatusCode.InvalidArgument, "paper_ids", () => papers.GetFanOutStatusAsync(new GetFanOutStatusRequest { PaperIds = { Enumerable.Repeat("p1", 1_001) } }).ResponseAsync);
            await AssertFails(StatusCode.InvalidArgument, "paper_ids[1]", () => papers.GetFanOutStatusAsync(new GetFanOutStatusRequest { PaperIds = { "p1", "no spaces" } }).ResponseAsync);
            await AssertFails(StatusCode.NotFound, "paper_ids[0]", () => papers.GetFanOutStatusAsync(new GetFanOutStatusRequest { PaperIds = { "missing" } }).ResponseAsync);

            var empty = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "ada" });
            Assert.Empty(empty.Items);
        }
    }

    [Fact]
    public async Task Hidden_papers_leave_the_feed_and_saved_papers_pull_similar_ones_up()
    {
        var server = NewServer();
        await using (server)
        {
            await server.StartAsync();
            var topics = new Topics.TopicsClient(server.Channel);
            var users = new Users.UsersClient(server.Channel);
            var feeds = new Recommender.Api.V1.Feeds.FeedsClient(server.Channel);
            foreach (var topic in workload.Topics.Take(2))
            {
                await topics.CreateTopicAsync(new CreateTopicRequest { Topic = topic });
            }
            await WaitUntilFannedOut(server, await PublishAll(server, workload.Papers.Take(120).Select(p => Workload.ToApi(p))));
            await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = "grace" } });
            await users.FollowTopicAsync(new FollowTopicRequest { UserId = "grace", TopicId = workload.Topics[0].Id });
            await users.FollowTopicAsync(new FollowTopicRequest { UserId = "grace", TopicId = workload.Topics[1].Id });

            var before = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "grace", PageSize = 100 });
            var top = before.Items[0].Paper.Id;
            await users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = "grace", PaperId = top, Kind = FeedbackKind.Hide });
            var afterHide = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "grace", PageSize = 100 });
            Assert.DoesNotContain(afterHide.Items, i => i.Paper.Id == top);

            // Saving papers of the topic that now ranks lower makes that topic's papers rank higher on average
            // (the lower one: the other may already hold every top place, leaving a save nothing to move).
            static bool Of(FeedItem item, string topic) => item.Reasons.Any(r => r.StartsWith($"topic:{topic} "));
            double MeanRank(GetFeedResponse feed, string topic) => feed.Items.Where(i => Of(i, topic)).Average(i => i.Rank);
            var lower = workload.Topics.Take(2).Select(t => t.Id).OrderByDescending(t => MeanRank(afterHide, t)).First();
            var rankBefore = MeanRank(afterHide, lower);
            foreach (var item in afterHide.Items.Where(i => Of(i, lower) && i.Paper.Id != top).Take(3))
            {
                await users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = "grace", PaperId = item.Paper.Id, Kind = FeedbackKind.Save });
            }
            var afterSave = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "grace", PageSize = 100 });
            Assert.True(MeanRank(afterSave, lower) < rankBefore, $"mean rank of {lower} papers went from {rankBefore:0.0} to {MeanRank(afterSave, lower):0.0}");
        }
    }

    private IEnumerable<Paper> Stream()
    {
        var papers = workload.Papers;
        for (var i = 0; i < papers.Count; i++)
        {
            yield return Workload.ToApi(papers[i], withId: Workload.PublishedWithId(i));
            if (i == 10)
            {
                yield return Workload.ToApi(papers[3]);                       // same id again
                yield return new Paper { Title = "", Abstract = "no title" };  // bad
                var retitled = Workload.ToApi(papers[4]);
                retitled.Id = "another-id";
                retitled.Title = "  " + papers[4].Title.ToUpperInvariant() + "!"; // same normalized title
                yield return retitled;
                yield return new Paper { Title = "Too long", Abstract = new string('x', 20_001) }; // bad
                yield return new Paper { Id = "bad id with spaces", Title = "t", Abstract = "a" }; // bad
            }
        }
    }

    private static void AssertPublishResponses(IReadOnlyList<PublishResponse> responses)
    {
        Assert.Equal(Workload.PaperCount + 5, responses.Count);
        Assert.Equal(Enumerable.Range(0, responses.Count).Select(i => (long)i), responses.Select(r => r.Sequence));
        Assert.Equal(Workload.PaperCount, responses.Count(r => r.Status == PublishStatus.Accepted));
        Assert.Equal(2, responses.Count(r => r.Status == PublishStatus.Duplicate));
        var rejected = responses.Where(r => r.Status == PublishStatus.Rejected).Select(r => r.Reason).ToArray();
        Assert.Collection(rejected,
            r => Assert.StartsWith("paper.title:", r),
            r => Assert.StartsWith("paper.abstract:", r),
            r => Assert.StartsWith("paper.id:", r));
        Assert.True(responses.Count(r => r.Topics.Count > 0) > Workload.PaperCount * 0.6, "most papers should match a topic");
    }

    private async Task CreateTopics(ServerProcess server)
    {
        var topics = new Topics.TopicsClient(server.Channel);
        foreach (var topic in workload.Topics)
        {
            await topics.CreateTopicAsync(new CreateTopicRequest { Topic = topic });
        }
    }

    /// <summary>The workload's topics created and every paper published (with its id) and fanned out, before any user exists.</summary>
    private async Task PublishCatalogue(ServerProcess server)
    {
        await CreateTopics(server);
        await WaitUntilFannedOut(server, await PublishAll(server, workload.Papers.Select((p, i) => Workload.ToApi(p, withId: Workload.PublishedWithId(i)))));
    }

    private async Task CreateTopicsAndUsers(ServerProcess server, Func<int, bool> followBeforePublishing)
    {
        await CreateTopics(server);
        var users = new Users.UsersClient(server.Channel);
        await ForEachUser(async user =>
            await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = Workload.UserId(user), Email = $"u{user}@example.org", Digest = DigestCadence.Weekly } }));
        await FollowRemaining(server, followBeforePublishing);
    }

    private async Task FollowRemaining(ServerProcess server, Func<int, bool> which)
    {
        var users = new Users.UsersClient(server.Channel);
        await ForEachUser(async user =>
        {
            foreach (var topic in which(user) ? workload.FollowsOf(user) : [])
            {
                await users.FollowTopicAsync(new FollowTopicRequest { UserId = Workload.UserId(user), TopicId = topic });
            }
        });
    }

    /// <summary>Runs <paramref name="action"/> for every user, 16 users at a time, as concurrent clients would.</summary>
    private static Task ForEachUser(Func<int, Task> action) =>
        Parallel.ForEachAsync(Enumerable.Range(0, Workload.UserCount), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, _) => await action(user));

    internal static async Task<List<PublishResponse>> PublishAll(ServerProcess server, IEnumerable<Paper> papers)
    {
        using var call = new Papers.PapersClient(server.Channel).Publish();
        var reading = Task.Run(async () =>
        {
            var list = new List<PublishResponse>();
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                list.Add(response);
            }
            return list;
        });
        foreach (var paper in papers)
        {
            await call.RequestStream.WriteAsync(new PublishRequest { Paper = paper });
        }
        await call.RequestStream.CompleteAsync();
        return await reading;
    }

    /// <summary>
    /// ACCEPTED means durable; this waits until the status call says the accepted papers are also in their followers'
    /// feeds, checking that it answers every id asked, in order, and counts the pending ones.
    /// </summary>
    internal static async Task WaitUntilFannedOut(ServerProcess server, IEnumerable<PublishResponse> responses)
    {
        var papers = new Papers.PapersClient(server.Channel);
        var accepted = responses.Where(r => r.Status == PublishStatus.Accepted).Select(r => r.PaperId).ToArray();
        foreach (var batch in accepted.Chunk(Recommender.Server.Api.PapersService.MaxStatusIds))
        {
            for (var attempt = 0; ; attempt++)
            {
                var status = await papers.GetFanOutStatusAsync(new GetFanOutStatusRequest { PaperIds = { batch } });
                Assert.Equal(batch, status.Papers.Select(p => p.PaperId));
                Assert.Equal(status.Papers.Count(p => !p.FannedOut), status.Pending);
                if (status.Pending == 0)
                {
                    break;
                }
                Assert.True(attempt < 600, $"{status.Pending} papers were not fanned out within 30 s");
                await Task.Delay(50);
            }
        }
    }

    private static Task<Dictionary<string, List<FeedItem>>> ReadAllFeeds(ServerProcess server) => ReadAllFeeds([server.Channel], Workload.UserCount);

    /// <summary>Every page of the feeds of users 0 to <paramref name="users"/> - 1, spreading the calls over the channels.</summary>
    internal static async Task<Dictionary<string, List<FeedItem>>> ReadAllFeeds(IReadOnlyList<Grpc.Net.Client.GrpcChannel> channels, int users)
    {
        var result = new System.Collections.Concurrent.ConcurrentDictionary<string, List<FeedItem>>();
        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, _) =>
        {
            var feeds = new Recommender.Api.V1.Feeds.FeedsClient(channels[user % channels.Count]);
            var items = new List<FeedItem>();
            var token = "";
            do
            {
                var page = await feeds.GetFeedAsync(new GetFeedRequest { UserId = Workload.UserId(user), PageSize = 7, PageToken = token });
                items.AddRange(page.Items);
                token = page.NextPageToken;
            }
            while (token.Length > 0);
            result[Workload.UserId(user)] = items;
        });
        return new Dictionary<string, List<FeedItem>>(result);
    }

    /// <summary>
    /// Each of users <paramref name="first"/> to <paramref name="users"/> - 1 has exactly the brute-force top-K of the workload's papers,
    /// each item marked with its source; with every recall source for the users <paramref name="recalled"/> names, else followed topics only.
    /// </summary>
    internal static void AssertFeedsMatchBruteForce(Workload workload, Dictionary<string, List<FeedItem>> feeds, int users, int first = 0, Func<int, bool>? recalled = null)
    {
        for (var user = first; user < users; user++)
        {
            // Ranked a few places past the feed's length: a near-tie at its last place may fall either way too.
            var ranked = workload.ExpectedFeed(user, recalled?.Invoke(user) ?? false, beyond: 10);
            var expected = ranked.Take(workload.FeedSize).ToList();
            var actual = feeds[Workload.UserId(user)];
            Assert.NotEmpty(actual);
            Assert.Equal(expected.Count, actual.Count);
            // Scores match position by position; ids match up to the order of near-ties, since
            // a batched model call and a one-row call may differ in the last float bits.
            var expectedScores = ranked.ToDictionary(e => e.PaperId, e => e.Score);
            for (var i = 0; i < expected.Count; i++)
            {
                // A tolerance, not rounding to 4 places: two values 1e-7 apart can round apart.
                Assert.Equal(expected[i].Score, actual[i].Score, tolerance: 1e-4);
                Assert.Equal(expected[i].Score, expectedScores.GetValueOrDefault(actual[i].Paper.Id, float.NaN), tolerance: 1e-4);
                Assert.Equal(i + 1, actual[i].Rank);
                Assert.StartsWith("mmoe-", actual[i].RankerVersion);
            }
            var sources = ranked.ToDictionary(e => e.PaperId, e => e.Source);
            Assert.All(actual, item => Assert.Equal(sources.GetValueOrDefault(item.Paper.Id), FromApi(item.Source)));
            Assert.All(actual.Where(i => i.Source == Recommender.Api.V1.FeedSource.FollowedTopic),
                item => Assert.Contains(item.Reasons, r => workload.FollowsOf(user).Any(t => r.StartsWith($"topic:{t} "))));
            Assert.All(actual.Where(i => i.Source == Recommender.Api.V1.FeedSource.Interest),
                item => Assert.Contains(item.Reasons, r => r.StartsWith("close to your interests")));
            Assert.All(actual.Where(i => i.Source == Recommender.Api.V1.FeedSource.Trending),
                item => Assert.Contains($"trending ({item.Paper.Upvotes} upvotes)", item.Reasons));
        }
    }

    private static Recommender.Abstractions.Feeds.FeedSource FromApi(Recommender.Api.V1.FeedSource source) => source switch
    {
        Recommender.Api.V1.FeedSource.FollowedTopic => Recommender.Abstractions.Feeds.FeedSource.FollowedTopic,
        Recommender.Api.V1.FeedSource.Interest => Recommender.Abstractions.Feeds.FeedSource.Interest,
        Recommender.Api.V1.FeedSource.Trending => Recommender.Abstractions.Feeds.FeedSource.Trending,
        _ => Recommender.Abstractions.Feeds.FeedSource.Unspecified,
    };

    internal static async Task AssertFails(StatusCode code, string field, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail);
    }
}
