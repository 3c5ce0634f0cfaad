// deploy/k8s rendered and validated against the Kubernetes schemas (npm kubernetes-models), then checked for what the server needs.
using System.Text.Json.Nodes;
using Recommender.Server.Hosting;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Server.Tests.Hosting;

public sealed class KubernetesManifestTests
{
    private static string Base => Path.Combine(ServerProcess.RepositoryRoot(), "deploy", "k8s");

    [Fact]
    public async Task The_kustomize_base_renders_to_objects_that_pass_the_Kubernetes_schemas_strictly()
    {
        var (exitCode, _, errors) = await NodeClients.TryRunAsync("validate-k8s.mjs", Base);

        Assert.True(exitCode == 0, errors);
        var kinds = (await Rendered()).Select(o => (string)o["kind"]!).Order();
        Assert.Equal(["Deployment", "Namespace", "NetworkPolicy", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount"], kinds);
    }

    [Fact]
    public async Task A_misspelt_field_and_a_wrongly_typed_value_are_both_rejected()
    {
        var copy = Directory.CreateTempSubdirectory("recommender-k8s-").FullName;
        foreach (var file in Directory.GetFiles(Base))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        var deployment = Path.Combine(copy, "deployment.yaml");
        var text = await File.ReadAllTextAsync(deployment);
        await File.WriteAllTextAsync(deployment, text.Replace("  replicas: 3", "  replica: 3").Replace("service: readiness", "service: 1"));

        var (exitCode, _, errors) = await NodeClients.TryRunAsync("validate-k8s.mjs", copy);

        Directory.Delete(copy, recursive: true);
        Assert.Equal(1, exitCode);
        Assert.Contains("unknown field /spec/replica", errors);
        Assert.Contains("readinessProbe/grpc/service must be string", errors);
    }

    [Fact]
    public async Task The_silo_pods_probe_the_named_health_services_and_take_their_connections_from_a_secret()
    {
        var pod = Find(await Rendered(), "Deployment")["spec"]!["template"]!;
        var container = pod["spec"]!["containers"]![0]!;
        var defaults = new ServerSettings();

        Assert.Equal(defaults.GrpcPort, Port(container, "grpc"));
        Assert.Equal(defaults.HttpPort, Port(container, "http"));
        Assert.Equal(defaults.SiloPort, Port(container, "silo"));
        // The Orleans gateway is closed: no port for it.
        Assert.Equal(0, defaults.GatewayPort);
        Assert.DoesNotContain(container["ports"]!.AsArray(), p => (string)p!["name"]! == "gateway");
        // Tokens are checked against the issuer's public key from a Secret (the development key is refused beyond loopback).
        var keyFile = (string)Env(container, "Recommender__Auth__KeyFiles")["value"]!;
        var mount = Assert.Single(container["volumeMounts"]!.AsArray(), m => keyFile.StartsWith((string)m!["mountPath"]! + "/", StringComparison.Ordinal))!;
        var volume = Assert.Single(pod["spec"]!["volumes"]!.AsArray(), v => (string)v!["name"]! == (string)mount["name"]!)!;
        Assert.Equal("recommender-auth", (string)volume["secret"]!["secretName"]!);
        foreach (var (probe, service) in new[] { ("startupProbe", "liveness"), ("livenessProbe", "liveness"), ("readinessProbe", "readiness") })
        {
            Assert.Equal(defaults.GrpcPort, (int)container[probe]!["grpc"]!["port"]!);
            Assert.Equal(service, (string)container[probe]!["grpc"]!["service"]!);
        }
        Assert.Equal(("recommender-connections", "postgres"), SecretOf(container, "Recommender__Postgres"));
        Assert.Equal(("recommender-connections", "redis"), SecretOf(container, "Recommender__Redis"));
        Assert.Equal("0.0.0.0", (string)Env(container, "Recommender__ListenAddress")["value"]!);
        foreach (var section in new[] { "requests", "limits" })
        {
            Assert.NotNull(container["resources"]![section]!["cpu"]);
            Assert.NotNull(container["resources"]![section]!["memory"]);
        }
    }

    [Fact]
    public async Task Orleans_ids_come_from_the_pod_labels_that_its_Kubernetes_hosting_watches()
    {
        var pod = Find(await Rendered(), "Deployment")["spec"]!["template"]!;
        var container = pod["spec"]!["containers"]![0]!;
        var labels = pod["metadata"]!["labels"]!;

        Assert.NotNull(labels["orleans/serviceId"]);
        Assert.NotNull(labels["orleans/clusterId"]);
        foreach (var (variable, label) in new[]
        {
            ("ORLEANS_SERVICE_ID", "orleans/serviceId"), ("Recommender__ServiceId", "orleans/serviceId"),
            ("ORLEANS_CLUSTER_ID", "orleans/clusterId"), ("Recommender__ClusterId", "orleans/clusterId"),
        })
        {
            Assert.Equal($"metadata.labels['{label}']", FieldOf(container, variable));
        }
        Assert.Equal("metadata.name", FieldOf(container, "POD_NAME"));
        Assert.Equal("metadata.namespace", FieldOf(container, "POD_NAMESPACE"));
        Assert.Equal("status.podIP", FieldOf(container, "POD_IP"));
    }

    [Fact]
    public async Task The_service_account_may_watch_patch_and_delete_pods_and_the_Service_and_budget_select_the_silos()
    {
        var objects = await Rendered();
        var pod = Find(objects, "Deployment")["spec"]!["template"]!;
        var account = (string)pod["spec"]!["serviceAccountName"]!;
        var binding = Find(objects, "RoleBinding");
        var role = Find(objects, "Role");

        Assert.Equal(account, (string)binding["subjects"]![0]!["name"]!);
        Assert.Equal((string)role["metadata"]!["name"]!, (string)binding["roleRef"]!["name"]!);
        var rule = role["rules"]![0]!;
        Assert.Equal(["pods"], rule["resources"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(["delete", "get", "list", "patch", "watch"], rule["verbs"]!.AsArray().Select(v => (string)v!).Order());
        var podLabels = pod["metadata"]!["labels"]!.AsObject();
        Assert.All(Find(objects, "Service")["spec"]!["selector"]!.AsObject(), l => Assert.Equal((string)l.Value!, (string)podLabels[l.Key]!));
        Assert.All(Find(objects, "PodDisruptionBudget")["spec"]!["selector"]!["matchLabels"]!.AsObject(), l => Assert.Equal((string)l.Value!, (string)podLabels[l.Key]!));
        Assert.All(objects.Where(o => (string)o["kind"]! != "Namespace"), o => Assert.Equal("recommender", (string)o["metadata"]!["namespace"]!));
    }

    [Fact]
    public async Task The_silo_port_admits_only_the_silo_pods_and_the_api_ports_admit_anyone()
    {
        var objects = await Rendered();
        var pod = Find(objects, "Deployment")["spec"]!["template"]!;
        var container = pod["spec"]!["containers"]![0]!;
        var policy = Find(objects, "NetworkPolicy")["spec"]!;
        var podLabels = pod["metadata"]!["labels"]!.AsObject();
        var rules = policy["ingress"]!.AsArray().Select(r => r!).ToList();
        List<int> PortsOf(JsonNode rule) => rule["ports"]!.AsArray().Select(p => (int)p!["port"]!).ToList();

        Assert.All(policy["podSelector"]!["matchLabels"]!.AsObject(), l => Assert.Equal((string)l.Value!, (string)podLabels[l.Key]!));
        var silo = Assert.Single(rules, r => PortsOf(r).Contains(Port(container, "silo")));
        Assert.Equal([Port(container, "silo")], PortsOf(silo));
        var from = Assert.Single(silo["from"]!.AsArray())!;
        Assert.All(from["podSelector"]!["matchLabels"]!.AsObject(), l => Assert.Equal((string)l.Value!, (string)podLabels[l.Key]!));
        var api = Assert.Single(rules, r => r["from"] is null);
        Assert.Equal([Port(container, "grpc"), Port(container, "http")], PortsOf(api).Order());
    }

    private static async Task<List<JsonNode>> Rendered() =>
        JsonNode.Parse(await NodeClients.RunAsync("validate-k8s.mjs", Base))!.AsArray().Select(o => o!).ToList();

    private static JsonNode Find(List<JsonNode> objects, string kind) => Assert.Single(objects, o => (string)o["kind"]! == kind);

    private static int Port(JsonNode container, string name) =>
        (int)Assert.Single(container["ports"]!.AsArray(), p => (string)p!["name"]! == name)!["containerPort"]!;

    private static JsonNode Env(JsonNode container, string name) =>
        Assert.Single(container["env"]!.AsArray(), e => (string)e!["name"]! == name)!;

    private static (string, string) SecretOf(JsonNode container, string name)
    {
        var reference = Env(container, name)["valueFrom"]!["secretKeyRef"]!;
        return ((string)reference["name"]!, (string)reference["key"]!);
    }

    private static string FieldOf(JsonNode container, string name) => (string)Env(container, name)["valueFrom"]!["fieldRef"]!["fieldPath"]!;
}
