// Recommender:ServiceId keys the stored data; Recommender:ClusterId only names one deployment of it.
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;
using Recommender.Server.Tests.Persistence;

namespace Recommender.Server.Tests.Hosting;

public sealed class ServiceIdTests
{
    [Fact]
    public async Task A_new_cluster_id_with_the_same_service_id_serves_the_data_of_the_old_cluster()
    {
        var postgres = await TestDatabases.NewPostgresDatabaseAsync();
        await using (var blue = Server(postgres, clusterId: "blue", serviceId: "papers"))
        {
            await blue.StartAsync();
            await new Topics.TopicsClient(blue.Channel).CreateTopicAsync(new CreateTopicRequest
            {
                Topic = new Topic { Id = "graph-learning", Name = "Graph learning", Keywords = { "graph" } },
            });
            await blue.StopAsync();
        }

        await using var green = Server(postgres, clusterId: "green", serviceId: "papers");
        await green.StartAsync();

        var found = await new Topics.TopicsClient(green.Channel).GetTopicAsync(new GetTopicRequest { Id = "graph-learning" });
        Assert.Equal("Graph learning", found.Topic.Name);
    }

    [Fact]
    public async Task Without_a_service_id_the_cluster_id_keys_the_data_as_before()
    {
        var postgres = await TestDatabases.NewPostgresDatabaseAsync();
        await using (var blue = Server(postgres, clusterId: "blue", serviceId: null))
        {
            await blue.StartAsync();
            await new Topics.TopicsClient(blue.Channel).CreateTopicAsync(new CreateTopicRequest
            {
                Topic = new Topic { Id = "graph-learning", Name = "Graph learning", Keywords = { "graph" } },
            });
            await blue.StopAsync();
        }
        await using (var blueAgain = Server(postgres, clusterId: "blue", serviceId: "blue"))
        {
            await blueAgain.StartAsync();
            await new Topics.TopicsClient(blueAgain.Channel).GetTopicAsync(new GetTopicRequest { Id = "graph-learning" });
            await blueAgain.StopAsync();
        }

        await using var green = Server(postgres, clusterId: "green", serviceId: null);
        await green.StartAsync();

        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            new Topics.TopicsClient(green.Channel).GetTopicAsync(new GetTopicRequest { Id = "graph-learning" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    private static ServerProcess Server(string postgres, string clusterId, string? serviceId)
    {
        var settings = new Dictionary<string, string> { ["Postgres"] = postgres, ["ClusterId"] = clusterId };
        if (serviceId is not null)
        {
            settings["ServiceId"] = serviceId;
        }
        return new ServerProcess(settings);
    }
}
