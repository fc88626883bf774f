using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;
using static EvoPo.Coordinator.Tests.Deploy.Manifests;

namespace EvoPo.Coordinator.Tests.Deploy;

/// <summary>
/// The deployment files, checked offline as CI can: the Dockerfile is linted, the compose file and every
/// Kubernetes manifest match their schemas (unknown fields included), both kustomize overlays render to valid
/// resources, and every node finds the others: on Kubernetes through the pod list (RBAC, label, management port, network
/// policy), in compose through the coordinator's contact point.
/// </summary>
public sealed class DeploymentFilesTests : IDisposable
{
    private const string Namespace = "evopo";

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-deploy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [DeployToolsFact]
    public void The_dockerfile_passes_the_linter() => DeployTools.Check("dockerfile", Path.Combine(DeployTools.Root, "Dockerfile"));

    [DeployToolsFact]
    public void The_compose_file_matches_the_compose_specification() =>
        DeployTools.Check("compose", Path.Combine(DeployTools.Root, "docker-compose.yml"));

    [DeployToolsFact]
    public void Every_kubernetes_manifest_matches_the_api_schemas()
    {
        var k8s = Path.Combine(DeployTools.Root, "deploy", "k8s");
        // Kustomizations, the search config and overlay patches (partial objects) are checked through the renders.
        var manifests = Directory.GetFiles(k8s, "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("kustomization.yaml" or "search.yaml"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}overlays{Path.DirectorySeparatorChar}"))
            .Order().ToArray();
        Assert.True(manifests.Length >= 10, string.Join('\n', manifests));
        var output = DeployTools.Check("k8s", manifests);
        Assert.Contains($"in {manifests.Length} file(s) checked", output);
    }

    [DeployToolsFact]
    public void The_checker_reports_unknown_fields_and_wrong_types()
    {
        var bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(bad, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: bad }
            spec:
              replicas: two
              selector: { matchLabels: { app: bad } }
              template:
                metadata: { labels: { app: bad } }
                spec:
                  containers:
                    - name: bad
                      image: evopo:cpu
                      imagePulPolicy: Always
            """);
        var error = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => DeployTools.Check("k8s", bad));
        Assert.Contains("spec/replicas must be integer", error.Message);
        Assert.Contains("containers[0].imagePulPolicy: unknown field", error.Message);
    }

    [KustomizeTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void An_overlay_renders_to_valid_resources_in_one_namespace(string overlay)
    {
        var rendered = DeployTools.Render(overlay, _dir);
        DeployTools.Check("k8s", rendered);
        var documents = Documents(rendered);

        foreach (var document in documents.Where(d => Str(d, "kind") != "Namespace"))
            Assert.Equal(Namespace, Str(Map(document, "metadata"), "namespace"));
        var worker = At(Resource(documents, "Deployment", "evopo-worker"), "spec", "template", "spec", "containers", 0);
        var limits = At(worker, "resources", "limits");
        var args = List(worker, "args").Select(a => a.ToString()).ToList();
        Assert.Equal(overlay == "gpu" ? "1" : null, Str(limits, "nvidia.com/gpu"));
        Assert.Equal(overlay == "gpu" ? "cuda" : "cpu", args[args.IndexOf("--device") + 1]);
        Assert.EndsWith(overlay == "gpu" ? ":cuda" : ":cpu", Str(worker, "image"));
        Assert.Equal("/readyz", Str(At(worker, "readinessProbe", "httpGet"), "path"));
        Assert.Equal("/healthz", Str(At(worker, "livenessProbe", "httpGet"), "path"));

        // Drains and the network policy: workers go one at a time; remoting only between cluster members.
        Assert.Equal("1", Str(At(Resource(documents, "PodDisruptionBudget", "evopo-worker"), "spec"), "maxUnavailable"));
        var policy = At(Resource(documents, "NetworkPolicy", "evopo-cluster-members"), "spec");
        var remoting = At(policy, "ingress", 0);
        Assert.Equal(["4053", "8558"], List(remoting, "ports").Cast<Dictionary<object, object>>().Select(p => Str(p, "port")));
        Assert.Equal("true", Str(At(remoting, "from", 0, "podSelector", "matchLabels"), "evopo.io/cluster-member"));
        foreach (var (kind, name) in new[] { ("StatefulSet", "evopo-coordinator"), ("Deployment", "evopo-worker") })
            Assert.Equal("true", Str(At(Resource(documents, kind, name), "spec", "template", "metadata", "labels"), "evopo.io/cluster-member"));
    }

    [KustomizeTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Every_cluster_member_finds_the_others_through_the_pod_list_on_kubernetes(string overlay)
    {
        var documents = Documents(DeployTools.Render(overlay, _dir));
        var policy = At(Resource(documents, "NetworkPolicy", "evopo-cluster-members"), "spec", "ingress", 0);
        var allowed = List(policy, "ports").Cast<Dictionary<object, object>>().Select(p => Str(p, "port")).ToList();
        // The pods can list pods in their namespace: their ServiceAccount is bound to a Role that allows it.
        var binding = Resource(documents, "RoleBinding", "evopo-pod-reader");
        var rule = At(Resource(documents, "Role", Str(Map(binding, "roleRef"), "name")!), "rules", 0);
        Assert.Contains("pods", List(rule, "resources").Select(r => r.ToString()));
        Assert.Contains("list", List(rule, "verbs").Select(v => v.ToString()));
        var account = Str(At(binding, "subjects", 0), "name")!;
        Resource(documents, "ServiceAccount", account);
        var label = DiscoveryOptions.DefaultLabelSelector.Split('=');

        foreach (var (kind, name) in new[] { ("StatefulSet", "evopo-coordinator"), ("Deployment", "evopo-worker") })
        {
            var pod = At(Resource(documents, kind, name), "spec", "template");
            Assert.Equal(account, Str(At(pod, "spec"), "serviceAccountName"));
            // The selector the discovery queries matches this pod.
            Assert.Equal(label[1], Str(At(pod, "metadata", "labels"), label[0]));
            var container = At(pod, "spec", "containers", 0);
            var environment = Environment(container, new Dictionary<string, string>
            {
                ["metadata.name"] = "pod-0",
                ["metadata.namespace"] = Namespace,
                ["status.podIP"] = "10.1.2.3",
            });
            var options = Options(environment);
            Assert.Equal(DiscoveryMethod.Kubernetes, options.Discovery?.Method);
            Assert.Empty(options.Seeds);
            // It advertises its pod IP, as the pod list names it, so bootstrap recognises itself among the contact points.
            Assert.Equal("akka.tcp://evopo@10.1.2.3:4053", Advertised(environment));
            // The discovery takes the port named "management": the one the node serves and the policy lets through.
            var management = List(container, "ports").Cast<Dictionary<object, object>>().Single(p => Str(p, "name") == ClusterFormation.ManagementPortName);
            Assert.Equal(options.Discovery!.ManagementPort.ToString(), Str(management, "containerPort"));
            Assert.Contains(Str(management, "containerPort"), allowed);
        }
    }

    [Fact]
    public void Workers_find_the_coordinator_through_its_contact_point_in_compose()
    {
        var services = Map(Documents(Path.Combine(DeployTools.Root, "docker-compose.yml")).Single(), "services");
        var coordinator = Options(ComposeEnvironment(Map(services, "coordinator")));
        Assert.Equal("coordinator", Str(Map(services, "coordinator"), "hostname"));
        // The one contact point is the coordinator's management endpoint, spelled as the coordinator advertises itself.
        Assert.Equal([$"{coordinator.PublicHostname}:{coordinator.Discovery!.ManagementPort}"], coordinator.Discovery.ContactPoints);
        foreach (var worker in new[] { "worker", "worker-gpu" })
        {
            var workerEnv = ComposeEnvironment(Map(services, worker));
            var options = Options(workerEnv);
            Assert.Equal(coordinator.Discovery.ContactPoints, options.Discovery!.ContactPoints);
            Assert.Empty(options.Seeds);
            Assert.Equal("auto", workerEnv["CLUSTER_PUBLIC_IP"]);
        }
    }

    /// <summary>The address a node started with this environment advertises, read through the CLI's own option parsing.</summary>
    private static string Advertised(IReadOnlyDictionary<string, string> environment)
    {
        var options = Options(environment);
        return $"akka.tcp://{NodeOptions.SystemName}@{options.PublicHostname ?? options.Hostname}:{options.Port}";
    }

    private static NodeOptions Options(IReadOnlyDictionary<string, string> environment)
    {
        var args = new List<string> { "--port", environment["CLUSTER_PORT"], "--host", environment["CLUSTER_IP"] };
        foreach (var (variable, option) in new[] { ("CLUSTER_SEEDS", "--seeds"), ("CLUSTER_DISCOVERY", "--discovery"),
                     ("CLUSTER_CONTACT_POINTS", "--contact-points"), ("CLUSTER_MANAGEMENT_PORT", "--management-port") })
            if (environment.TryGetValue(variable, out var value)) args.AddRange([option, value]);
        if (environment.TryGetValue("CLUSTER_PUBLIC_IP", out var publicHost) && publicHost != "auto") args.AddRange(["--public-host", publicHost]);
        var cluster = new ClusterArgs();
        var command = new System.CommandLine.Command("worker");
        cluster.AddTo(command);
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        return cluster.Read(parse, [NodeRoles.Worker], defaultJournal: null);
    }

    private static Dictionary<string, string> ComposeEnvironment(Dictionary<object, object> service) =>
        Map(service, "environment").ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "");
}
