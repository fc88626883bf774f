using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;
using static EvoPo.Coordinator.Tests.Deploy.Manifests;

namespace EvoPo.Coordinator.Tests.Deploy;

/// <summary>
/// The deployment files, checked offline as CI can: the Dockerfile is linted, the compose file and every
/// Kubernetes manifest match their schemas (unknown fields included), both kustomize overlays render to valid
/// resources, and the seed address every worker is given is exactly the address the coordinator advertises.
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
        Assert.Equal("4053", Str(At(remoting, "ports", 0), "port"));
        Assert.Equal("true", Str(At(remoting, "from", 0, "podSelector", "matchLabels"), "evopo.io/cluster-member"));
        foreach (var (kind, name) in new[] { ("StatefulSet", "evopo-coordinator"), ("Deployment", "evopo-worker") })
            Assert.Equal("true", Str(At(Resource(documents, kind, name), "spec", "template", "metadata", "labels"), "evopo.io/cluster-member"));
    }

    [KustomizeTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Workers_seed_on_the_address_the_coordinator_advertises_on_kubernetes(string overlay)
    {
        var documents = Documents(DeployTools.Render(overlay, _dir));
        var coordinatorSet = Resource(documents, "StatefulSet", "evopo-coordinator");
        var serviceName = Str(At(coordinatorSet, "spec"), "serviceName")!;
        var pod = "evopo-coordinator-0";
        var coordinator = At(coordinatorSet, "spec", "template", "spec", "containers", 0);
        var coordinatorEnv = Environment(coordinator, new Dictionary<string, string>
        {
            ["metadata.name"] = pod,
            ["metadata.namespace"] = Namespace,
        });
        var advertised = Advertised(coordinatorEnv);

        // The stable name the headless service gives the first (only) pod of the StatefulSet.
        Assert.Equal($"akka.tcp://{NodeOptions.SystemName}@{pod}.{serviceName}.{Namespace}.svc.cluster.local:4053", advertised);
        var service = At(Resource(documents, "Service", serviceName), "spec");
        Assert.Equal("None", Str(service, "clusterIP"));
        Assert.Equal("true", Str(service, "publishNotReadyAddresses")?.ToLowerInvariant());
        var remotingPort = List(service, "ports").Cast<Dictionary<object, object>>().Single(p => Str(p, "name") == "remoting");
        Assert.Equal(coordinatorEnv["CLUSTER_PORT"], Str(remotingPort, "port"));
        var containerPort = List(coordinator, "ports").Cast<Dictionary<object, object>>().Single(p => Str(p, "name") == Str(remotingPort, "targetPort"));
        Assert.Equal(coordinatorEnv["CLUSTER_PORT"], Str(containerPort, "containerPort"));
        // The coordinator is its own seed: it founds the cluster the workers join.
        Assert.Contains(advertised, Seeds(coordinatorEnv));

        var worker = At(Resource(documents, "Deployment", "evopo-worker"), "spec", "template", "spec", "containers", 0);
        var workerEnv = Environment(worker, new Dictionary<string, string>
        {
            ["metadata.namespace"] = Namespace,
            ["status.podIP"] = "10.1.2.3",
        });
        Assert.Equal([advertised], Seeds(workerEnv));
        Assert.Equal("akka.tcp://evopo@10.1.2.3:4053", Advertised(workerEnv));
    }

    [Fact]
    public void Workers_seed_on_the_address_the_coordinator_advertises_in_compose()
    {
        var services = Map(Documents(Path.Combine(DeployTools.Root, "docker-compose.yml")).Single(), "services");
        var coordinatorEnv = ComposeEnvironment(Map(services, "coordinator"));
        var advertised = Advertised(coordinatorEnv);
        Assert.Equal("akka.tcp://evopo@coordinator:4053", advertised);
        Assert.Equal("coordinator", Str(Map(services, "coordinator"), "hostname"));
        Assert.Contains(advertised, Seeds(coordinatorEnv));
        foreach (var worker in new[] { "worker", "worker-gpu" })
        {
            var workerEnv = ComposeEnvironment(Map(services, worker));
            Assert.Equal([advertised], Seeds(workerEnv));
            Assert.Equal("auto", workerEnv["CLUSTER_PUBLIC_IP"]);
        }
    }

    /// <summary>The address a node started with this environment advertises, read through the CLI's own option parsing.</summary>
    private static string Advertised(IReadOnlyDictionary<string, string> environment)
    {
        var options = Options(environment);
        return $"akka.tcp://{NodeOptions.SystemName}@{options.PublicHostname ?? options.Hostname}:{options.Port}";
    }

    private static IReadOnlyList<string> Seeds(IReadOnlyDictionary<string, string> environment) =>
        Options(environment).Seeds.Select(seed => NodeOptions.SeedAddress(seed)).ToList();

    private static NodeOptions Options(IReadOnlyDictionary<string, string> environment)
    {
        var args = new List<string> { "--seeds", environment["CLUSTER_SEEDS"], "--port", environment["CLUSTER_PORT"], "--host", environment["CLUSTER_IP"] };
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
