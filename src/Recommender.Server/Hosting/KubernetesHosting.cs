// Silo endpoints on a developer machine or CI versus in a Kubernetes pod.
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace Recommender.Server.Hosting;

public static class KubernetesHosting
{
    /// <summary>Set by the kubelet in every container; Orleans' Kubernetes hosting throws without a cluster to talk to.</summary>
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    public static bool InCluster(Func<string, string?> environment) => !string.IsNullOrWhiteSpace(environment(ServiceHostVariable));

    /// <summary>
    /// Outside Kubernetes: listen on and advertise <see cref="ServerSettings.ListenAddress"/>. In a pod:
    /// Orleans' Kubernetes hosting advertises the pod IP (POD_IP), listens on all interfaces, names the
    /// silo after the pod, takes ClusterOptions from ORLEANS_SERVICE_ID / ORLEANS_CLUSTER_ID (the pod's
    /// orleans/* labels) and deletes the pods of silos the cluster declared dead, so Kubernetes replaces them.
    /// </summary>
    public static ISiloBuilder ConfigureRecommenderEndpoints(this ISiloBuilder silo, ServerSettings settings, Func<string, string?> environment)
    {
        if (!InCluster(environment))
        {
            return silo.ConfigureEndpoints(settings.ListenAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
        }
        // Ports only: an advertised address set here would win over the pod IP.
        silo.Configure<EndpointOptions>(o => (o.SiloPort, o.GatewayPort) = (settings.SiloPort, settings.GatewayPort));
        return silo.UseKubernetesHosting(o => o.Configure(k => k.DeleteDefunctSiloPods = true));
    }
}
