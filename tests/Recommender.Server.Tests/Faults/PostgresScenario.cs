// PostgreSQL stopped for 30 s under load: writes are answered UNAVAILABLE (never UNKNOWN or INTERNAL),
// no acknowledged write is lost, and the servers recover without a restart.
using Grpc.Core;
using Recommender.Api.V1;

namespace Recommender.Server.Tests.Faults;

public sealed partial class FaultTests
{
    [Fact]
    public async Task A_stopped_database_gives_clear_unavailable_answers_loses_nothing_acknowledged_and_recovers_without_a_restart()
    {
        await cluster.RestartStoppedAsync();
        var setup = new FaultCalls(cluster.Channels);
        var papers = new FaultPapers("postgres");
        var readers = await FaultSetup.FollowersAsync(setup, papers, "pg-reader", 20);
        var pids = cluster.Servers.Select(s => s.ProcessId).ToArray();
        var connectionsBefore = await cluster.Postgres.ConnectionsAsync();

        // Writes one at a time, each on the next server, before, during and after the outage: users and follows.
        var answers = new Dictionary<StatusCode, int>();
        var acked = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stopAt = TimeSpan.FromSeconds(5);
        var startAt = stopAt + FaultDurations.PostgresStopped;
        var phase = 0; // 0 before, 1 stopped, 2 started again
        TimeSpan? recovered = null;
        var okInARow = 0;
        for (var i = 0; okInARow < 2 * FaultCluster.Silos || phase < 2; i++)
        {
            if (phase == 0 && clock.Elapsed >= stopAt)
            {
                await cluster.Postgres.StopAsync();
                phase = 1;
            }
            if (phase == 1 && clock.Elapsed >= startAt)
            {
                await cluster.Postgres.StartAsync();
                phase = 2;
            }
            Assert.True(clock.Elapsed < startAt + TimeSpan.FromMinutes(2), "writes did not succeed again within 2 minutes of the database's return");
            var user = $"pg-writer-{i}";
            var status = await Write(cluster.Servers[i % FaultCluster.Silos].Channel, user, papers.Topic.Id);
            answers[status] = answers.GetValueOrDefault(status) + 1;
            okInARow = status == StatusCode.OK ? okInARow + 1 : 0;
            if (status == StatusCode.OK)
            {
                acked.Add(user);
                recovered ??= phase == 2 ? clock.Elapsed - startAt : null;
            }
            await Task.Delay(100);
        }

        // Every acknowledged user and follow is there, read back through every server.
        var lost = 0;
        var calls = new FaultCalls(cluster.Channels);
        foreach (var (user, i) in acked.Select((u, i) => (u, i)))
        {
            var profile = await calls.CallAsync(i, async c => await new Users.UsersClient(c).GetUserAsync(new GetUserRequest { Id = user }));
            lost += profile.FollowedTopics.Contains(papers.Topic.Id) ? 0 : 1;
        }
        var publisher = new ResilientPublisher(cluster.Channels);
        await publisher.PublishAsync(papers.Next(30), streams: 3);
        await FaultSetup.WaitUntilFannedOutAsync(cluster.Channels, publisher.Stored, TimeSpan.FromMinutes(1));
        var restarted = cluster.Servers.Select(s => s.ProcessId).Where((pid, i) => pid != pids[i]).Count();

        new FaultReport("PostgreSQL stopped 30 s")
            .Add("writes sent", answers.Values.Sum()).Add("acked", acked.Count).Add("lost", lost)
            .Add("answers", FaultCalls.Describe(answers))
            .Add("servers restarted", restarted).Add("first write acked after the database returned", $"{recovered?.TotalSeconds:0.0} s")
            .Add("PostgreSQL connections (3 silos)", connectionsBefore)
            .Add("papers after recovery sent", publisher.Sent).Add("acked after recovery", publisher.Accepted)
            .Print(output);

        Assert.True(answers.GetValueOrDefault(StatusCode.Unavailable) > 0, "no write was refused while the database was stopped");
        Assert.Equal([StatusCode.OK, StatusCode.Unavailable], answers.Keys.Order());
        Assert.Equal(0, lost);
        Assert.Equal(0, restarted);
        Assert.Equal(30, publisher.Stored.Count);
    }

    /// <summary>Creates a user following the topic on one server; the status of the first call that fails, or OK.</summary>
    private static async Task<StatusCode> Write(Grpc.Net.Client.GrpcChannel channel, string user, string topic)
    {
        var users = new Users.UsersClient(channel);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = user } }, deadline: deadline);
            await users.FollowTopicAsync(new FollowTopicRequest { UserId = user, TopicId = topic }, deadline: deadline);
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
