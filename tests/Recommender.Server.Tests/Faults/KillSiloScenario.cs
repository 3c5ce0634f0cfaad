// kill -9 of one of three silos during a 10,000-paper publish, then every Redis connection cut: every
// stored paper is in the catalogue, in its topics and in the feed of every follower it wins, and no
// follow or feedback is lost.
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Server.Tests.Faults;

public sealed partial class FaultTests
{
    private const int Followers = 200;
    private const int SideUsers = 60;
    private const int WarmUp = 200;

    [Fact]
    public async Task Killing_a_silo_and_resetting_redis_connections_mid_publish_loses_and_doubles_nothing_that_was_acknowledged()
    {
        await cluster.RestartStoppedAsync();
        var workload = new Workload(FaultDurations.PaperCount);
        var calls = new FaultCalls(cluster.Channels);
        foreach (var topic in workload.Topics)
        {
            await calls.CallAsync(0, async c => await new Topics.TopicsClient(c).CreateTopicAsync(new CreateTopicRequest { Topic = topic }));
        }
        await Parallel.ForEachAsync(Enumerable.Range(0, Followers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (user, _) =>
        {
            await calls.CallAsync(user, async c => await new Users.UsersClient(c).UpsertUserAsync(new UpsertUserRequest { User = new User { Id = Workload.UserId(user) } }));
            foreach (var topic in workload.FollowsOf(user))
            {
                await calls.CallAsync(user, async c => await new Users.UsersClient(c).FollowTopicAsync(new FollowTopicRequest { UserId = Workload.UserId(user), TopicId = topic }));
            }
        });
        // Every paper with the id the workload expects (every fifth is the id the server would derive from its title).
        var papers = workload.Papers.Select((p, i) =>
        {
            var paper = Workload.ToApi(p);
            paper.Id = workload.PublishedId(i);
            return paper;
        }).ToArray();
        var publisher = new ResilientPublisher(cluster.Channels);
        await publisher.PublishAsync(papers[..WarmUp], streams: 1);

        // The rest on three streams, one per silo, with follows and feedback of other users alongside.
        var sideCalls = new FaultCalls(cluster.Channels);
        var side = SideTraffic(workload, sideCalls);
        var publishing = publisher.PublishAsync(papers[WarmUp..], streams: 3);
        var killAt = WarmUp + (papers.Length - WarmUp) / 3;
        while (publisher.Answered < killAt && !publishing.IsCompleted)
        {
            await Task.Delay(10);
        }
        var killedDuringPublish = !publishing.IsCompleted;
        await cluster.Servers[1].CrashAsync();
        // Then the other silos' Redis connections cut under their fan-out writes: an append cut off must be sent
        // again or its feed dropped (and rebuilt at its next read), never lost unnoticed.
        var resetAt = WarmUp + 2 * (papers.Length - WarmUp) / 3;
        while (publisher.Answered < resetAt && !publishing.IsCompleted)
        {
            await Task.Delay(10);
        }
        var resetDuringPublish = !publishing.IsCompleted;
        var socketsClosed = cluster.Gate.Reset();
        await publishing;
        var follows = await side;
        await cluster.RestartStoppedAsync();

        var stored = publisher.Stored.ToHashSet(StringComparer.Ordinal);
        await FaultSetup.WaitUntilFannedOutAsync(cluster.Channels, stored, TimeSpan.FromMinutes(3));
        var catalogue = await CatalogueIds();
        var inCatalogue = stored.Count(catalogue.Contains);
        var duplicated = catalogue.Count - catalogue.Distinct(StringComparer.Ordinal).Count();
        var wrongTopics = await PapersWithWrongTopics(workload, stored);
        workload.IsStored = stored.Contains;
        var feeds = await EndToEndScenarios.ReadAllFeeds(cluster.Channels, Followers);
        duplicated += feeds.Values.Sum(f => f.Count - f.Select(i => i.Paper.Id).Distinct().Count());
        var (lostFollows, lostFeedback, doubledFeedback, hiddenShown) = await CheckSideUsers(follows);

        var feedsOff = Enumerable.Range(0, Followers).Count(user =>
        {
            try
            {
                EndToEndScenarios.AssertFeedsMatchBruteForce(workload, new() { [Workload.UserId(user)] = feeds[Workload.UserId(user)] }, user + 1, first: user);
                return false;
            }
            catch (Xunit.Sdk.XunitException)
            {
                return true;
            }
        });
        new FaultReport("kill -9 one of 3 silos during publish, then Redis connections cut")
            .Add("Redis gate sockets closed", socketsClosed).Add("papers sent", publisher.Sent).Add("acked", publisher.Accepted).Add("republished", publisher.Republished)
            .Add("stored", stored.Count).Add("found", inCatalogue).Add("lost", stored.Count - inCatalogue)
            .Add("duplicated", duplicated).Add("wrong topics", wrongTopics).Add("feeds not the brute-force top-K", feedsOff)
            .Add("stream errors", FaultCalls.Describe(publisher.Failures))
            .Add("follows+feedback acked", sideCalls.Acked).Add("lost follows", lostFollows).Add("lost feedback", lostFeedback)
            .Add("doubled feedback", doubledFeedback).Add("hidden shown", hiddenShown)
            .Add("call errors", FaultCalls.Describe(sideCalls.Failures))
            .Print(output);

        Assert.True(killedDuringPublish, "the silo was killed after the publish had ended");
        Assert.True(resetDuringPublish && socketsClosed > 0, "no Redis connection was cut during the publish");
        Assert.True(publisher.StreamErrors > 0, "killing a silo broke no stream");
        Assert.All(publisher.AcceptedIds, id => Assert.Contains(id, stored));
        Assert.Equal(stored.Count, inCatalogue);
        Assert.Equal(0, duplicated);
        Assert.Equal(0, wrongTopics);
        Assert.Equal((0, 0, 0), (lostFollows, lostFeedback, hiddenShown));
        EndToEndScenarios.AssertFeedsMatchBruteForce(workload, feeds, Followers);
    }

    /// <summary>Users who follow a topic and hide one of its papers, one after another, while the publish and the kill go on.</summary>
    private static async Task<List<(string User, string Topic, string Hidden)>> SideTraffic(Workload workload, FaultCalls calls)
    {
        var done = new List<(string, string, string)>();
        for (var i = 0; i < SideUsers; i++)
        {
            var user = $"side-{i}";
            var topic = workload.TopicsOf(i).FirstOrDefault() ?? workload.Topics[0].Id;
            var paper = workload.PublishedId(i);
            await calls.CallAsync(i, async c => await new Users.UsersClient(c).UpsertUserAsync(new UpsertUserRequest { User = new User { Id = user } }));
            await calls.CallAsync(i, async c => await new Users.UsersClient(c).FollowTopicAsync(new FollowTopicRequest { UserId = user, TopicId = topic }));
            await calls.CallAsync(i, async c => await new Users.UsersClient(c).RecordFeedbackAsync(new RecordFeedbackRequest { UserId = user, PaperId = paper, Kind = FeedbackKind.Hide }));
            done.Add((user, topic, paper));
            await Task.Delay(50);
        }
        return done;
    }

    private async Task<(int LostFollows, int LostFeedback, int DoubledFeedback, int HiddenShown)> CheckSideUsers(List<(string User, string Topic, string Hidden)> side)
    {
        var calls = new FaultCalls(cluster.Channels);
        int lostFollows = 0, lostFeedback = 0, doubled = 0, shown = 0;
        for (var i = 0; i < side.Count; i++)
        {
            var (user, topic, hidden) = side[i];
            var profile = await calls.CallAsync(i, async c => await new Users.UsersClient(c).GetUserAsync(new GetUserRequest { Id = user }));
            lostFollows += profile.FollowedTopics.Contains(topic) ? 0 : 1;
            lostFeedback += profile.FeedbackCount < 1 ? 1 : 0;
            doubled += Math.Max(0, profile.FeedbackCount - 1);
            var feed = await calls.CallAsync(i, async c => await new Feeds.FeedsClient(c).GetFeedAsync(new GetFeedRequest { UserId = user, PageSize = 100 }));
            shown += feed.Items.Any(item => item.Paper.Id == hidden) ? 1 : 0;
        }
        return (lostFollows, lostFeedback, doubled, shown);
    }

    private async Task<int> PapersWithWrongTopics(Workload workload, HashSet<string> stored)
    {
        var wrong = 0;
        var calls = new FaultCalls(cluster.Channels);
        await Parallel.ForEachAsync(Enumerable.Range(0, workload.Papers.Count).Where(i => stored.Contains(workload.PublishedId(i))),
            new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (index, _) =>
            {
                var paper = await calls.CallAsync(index, async c => await new Papers.PapersClient(c).GetPaperAsync(new GetPaperRequest { Id = workload.PublishedId(index) }));
                if (!paper.Topics.Select(t => t.TopicId).Order().SequenceEqual(workload.TopicsOf(index).Order()))
                {
                    Interlocked.Increment(ref wrong);
                }
            });
        return wrong;
    }

    private async Task<List<string>> CatalogueIds()
    {
        var ids = new List<string>();
        var papers = new Papers.PapersClient(cluster.Channels[0]);
        var token = "";
        do
        {
            var page = await papers.ListPaperVectorsAsync(new ListPaperVectorsRequest { PageSize = 1000, PageToken = token });
            ids.AddRange(page.Papers.Select(p => p.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return ids;
    }
}
