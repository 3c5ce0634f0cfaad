// What several scenarios set up and wait for: a topic with followers, and papers fanned out.
using Grpc.Net.Client;
using Recommender.Api.V1;

namespace Recommender.Server.Tests.Faults;

public static class FaultSetup
{
    /// <summary>Creates the scenario's topic and <paramref name="count"/> users following it; returns their ids.</summary>
    public static async Task<string[]> FollowersAsync(FaultCalls calls, FaultPapers papers, string prefix, int count)
    {
        await calls.CallAsync(0, async c => await new Topics.TopicsClient(c).CreateTopicAsync(new CreateTopicRequest { Topic = papers.Topic }));
        var users = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToArray();
        await Parallel.ForEachAsync(users.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (user, _) =>
        {
            await calls.CallAsync(user.i, async c => await new Users.UsersClient(c).UpsertUserAsync(new UpsertUserRequest { User = new User { Id = user.id } }));
            await calls.CallAsync(user.i, async c => await new Users.UsersClient(c).FollowTopicAsync(new FollowTopicRequest { UserId = user.id, TopicId = papers.Topic.Id }));
        });
        return users;
    }

    /// <summary>Waits until GetPaper says every one of <paramref name="ids"/> reached its followers' feeds.</summary>
    public static async Task WaitUntilFannedOutAsync(IReadOnlyList<GrpcChannel> channels, IReadOnlyCollection<string> ids, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var waiting = ids.ToList();
        var calls = new FaultCalls(channels);
        while (waiting.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{waiting.Count} stored papers were not fanned out within {limit}");
            var still = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
            {
                var paper = await calls.CallAsync(id.Length, async c => await new Papers.PapersClient(c).GetPaperAsync(new GetPaperRequest { Id = id }));
                if (!paper.FannedOut)
                {
                    still.Add(id);
                }
            });
            waiting = still.ToList();
            if (waiting.Count > 0)
            {
                await Task.Delay(1000);
            }
        }
    }
}
