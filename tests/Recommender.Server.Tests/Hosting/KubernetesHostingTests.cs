// Orleans' Kubernetes hosting is switched on by KUBERNETES_SERVICE_HOST, which the kubelet sets in every pod.
using Recommender.Server.Tests.EndToEnd;
using Recommender.Server.Tests.Persistence;

namespace Recommender.Server.Tests.Hosting;

public sealed class KubernetesHostingTests
{
    [Fact]
    public async Task With_KUBERNETES_SERVICE_HOST_set_the_server_takes_the_Kubernetes_path_and_outside_a_pod_refuses_to_start()
    {
        var clusterId = "k8s-" + Guid.NewGuid().ToString("N")[..12];
        await using var server = ServerProcess.Production(TestDatabases.Postgres, "", clusterId);
        server.Environment["KUBERNETES_SERVICE_HOST"] = "127.0.0.1";

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(server.StartAsync);

        // Orleans' Kubernetes hosting asks for the pod's namespace, which only a pod (downward API) provides.
        Assert.Contains("KubernetesHostingOptions", failure.Message);
        Assert.Contains("POD_NAMESPACE", failure.Message);
    }
}
