using System.CommandLine;
using EvoPo.Coordinator.Api;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Http;
using static EvoPo.Coordinator.Tests.Deploy.Manifests;

namespace EvoPo.Coordinator.Tests.Deploy;

/// <summary>
/// The deployment files, checked offline as CI can: the Dockerfile is linted, the compose file and every
/// Kubernetes manifest match their schemas (unknown fields included), every kustomize overlay renders to valid
/// resources, and every node finds the others: on Kubernetes through the pod list (RBAC, label, management port, network
/// policy), in compose through the coordinator's contact point. The coordinator is the long-lived `evopo coordinator`
/// (its command line read by the command's own parser): no manifest names a search or a run, its API is reachable where
/// the Service and the published port say, and its token comes from a Secret (compose: evopo.env).
/// </summary>
public sealed class DeploymentFilesTests : IDisposable
{
    private const string Namespace = "evopo";

    /// <summary>What the one-search-per-coordinator deployment had in its manifests; none of it may come back.</summary>
    private static readonly string[] OneSearchWords = ["run-id", "EVOPO_RUN_ID", "EVOPO_CONFIG", "search.yaml", "evopo-search", "--hold"];

    /// <summary>The fields of the downward API the containers read, as a pod would give them.</summary>
    private static readonly Dictionary<string, string> PodFields = new()
    {
        ["metadata.name"] = "pod-0",
        ["metadata.namespace"] = Namespace,
        ["status.podIP"] = "10.1.2.3",
    };

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
        // Kustomizations and overlay patches (partial objects) are checked through the renders.
        var manifests = Directory.GetFiles(k8s, "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
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
    [InlineData("tls")]
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
        // Only workers train: the coordinator keeps the CPU image in every overlay, the GPU one included.
        Assert.EndsWith(":cpu", Str(At(Resource(documents, "Deployment", "evopo-coordinator"), "spec", "template", "spec", "containers", 0), "image"));
        Assert.Equal("/readyz", Str(At(worker, "readinessProbe", "httpGet"), "path"));
        Assert.Equal("/healthz", Str(At(worker, "livenessProbe", "httpGet"), "path"));

        // Drains and the network policy: workers go one at a time; remoting only between cluster members.
        Assert.Equal("1", Str(At(Resource(documents, "PodDisruptionBudget", "evopo-worker"), "spec"), "maxUnavailable"));
        var policy = At(Resource(documents, "NetworkPolicy", "evopo-cluster-members"), "spec");
        var remoting = At(policy, "ingress", 0);
        Assert.Equal(["4053", "8558"], List(remoting, "ports").Cast<Dictionary<object, object>>().Select(p => Str(p, "port")));
        Assert.Equal("true", Str(At(remoting, "from", 0, "podSelector", "matchLabels"), "evopo.io/cluster-member"));
        foreach (var (kind, name) in new[] { ("Deployment", "evopo-coordinator"), ("Deployment", "evopo-worker") })
            Assert.Equal("true", Str(At(Resource(documents, kind, name), "spec", "template", "metadata", "labels"), "evopo.io/cluster-member"));
    }

    [KustomizeTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    [InlineData("tls")]
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

        foreach (var (kind, name) in new[] { ("Deployment", "evopo-coordinator"), ("Deployment", "evopo-worker") })
        {
            var pod = At(Resource(documents, kind, name), "spec", "template");
            Assert.Equal(account, Str(At(pod, "spec"), "serviceAccountName"));
            // The selector the discovery queries matches this pod.
            Assert.Equal(label[1], Str(At(pod, "metadata", "labels"), label[0]));
            var container = At(pod, "spec", "containers", 0);
            var environment = Environment(container, PodFields);
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

    [KustomizeTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    [InlineData("tls")]
    public void No_manifest_names_a_search_or_a_run(string overlay)
    {
        var rendered = DeployTools.Render(overlay, _dir);
        var text = File.ReadAllText(rendered);
        foreach (var word in OneSearchWords) Assert.DoesNotContain(word, text);
        var documents = Documents(rendered);
        // No search config shipped in a ConfigMap (the keys of configs/quickstart.yaml).
        foreach (var map in documents.Where(d => Str(d, "kind") == "ConfigMap"))
            foreach (var value in Map(map, "data").Values.Select(v => v?.ToString() ?? ""))
                Assert.DoesNotMatch(@"(?m)^(es|objective|dataset|agents):", value);
        foreach (var (resource, pod) in PodTemplates(documents))
            foreach (Dictionary<object, object> container in List(Map(pod, "spec"), "containers"))
            {
                var commandLine = List(container, "command").Concat(List(container, "args")).Select(a => a.ToString()).ToList();
                Assert.False(commandLine is ["search", ..] or ["resume", ..], $"{Str(Map(resource, "metadata"), "name")} runs one search: {string.Join(' ', commandLine)}");
                Assert.DoesNotContain("--config", commandLine);
            }
    }

    [KustomizeTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    [InlineData("tls")]
    public void The_coordinators_are_two_long_lived_evopo_coordinators_behind_the_api_service(string overlay)
    {
        var documents = Documents(DeployTools.Render(overlay, _dir));
        var deployment = Resource(documents, "Deployment", "evopo-coordinator");
        // Two replicas that take over each other's runs; a drain or a rollout never takes both away at once.
        Assert.Equal("2", Str(Map(deployment, "spec"), "replicas"));
        Assert.Equal("0", Str(At(deployment, "spec", "strategy", "rollingUpdate"), "maxUnavailable"));
        var budget = Map(Resource(documents, "PodDisruptionBudget", "evopo-coordinator"), "spec");
        Assert.Equal("1", Str(budget, "minAvailable"));
        var pod = At(deployment, "spec", "template");
        Assert.True(Selects(Map(budget, "selector"), At(pod, "metadata", "labels")), "the coordinators' disruption budget does not select them");
        var spec = Map(pod, "spec");
        var container = At(spec, "containers", 0);
        var environment = Environment(container, PodFields);
        var (parse, port) = CoordinatorCommandLine(List(container, "args").Select(a => a.ToString()!).ToList(), environment);

        // Its run folders are a working copy on an emptyDir (the run store in the journal holds every run's files),
        // and the journal is PostgreSQL, shared by both replicas: no pod-local state to keep.
        var runs = parse.GetValue<string>("--runs")!;
        var runsMount = List(container, "volumeMounts").Cast<Dictionary<object, object>>()
            .Single(m => runs.StartsWith(Str(m, "mountPath")!.TrimEnd('/') + "/", StringComparison.Ordinal));
        var runsVolume = List(spec, "volumes").Cast<Dictionary<object, object>>().Single(v => Str(v, "name") == Str(runsMount, "name"));
        Assert.True(runsVolume.ContainsKey("emptyDir"), $"the runs directory {runs} is not on an emptyDir");

        // The API token is a file from the Secret evopo-api-token, never a value in the manifest; the journal's
        // connection string comes from the Secret evopo-db.
        var tokenFile = parse.GetValue<string>("--token-file");
        Assert.True(tokenFile is not null, "the coordinator needs --token-file: without a token its API listens on loopback only");
        Assert.Equal(("evopo-api-token", "token"), SecretFile(spec, container, tokenFile));
        Assert.False(environment.ContainsKey(ApiToken.Variable), $"{ApiToken.Variable} set in the manifest");
        Assert.Equal("evopo-db", Str(At(EnvEntry(container, "EVOPO_POSTGRES") ?? [], "valueFrom", "secretKeyRef"), "name"));

        // Probes and metrics on the port it serves; the pod stays Ready between searches (nothing ends with a run).
        Assert.Equal(port, ContainerPort(container, "http"));
        foreach (var (probe, path) in new[] { ("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            var get = At(container, probe, "httpGet");
            Assert.Equal(path, Str(get, "path"));
            Assert.Equal(port, ContainerPort(container, Str(get, "port")!));
        }
        Assert.Equal(port.ToString(), Str(At(pod, "metadata", "annotations"), "prometheus.io/port"));

        // The API Service: ClusterIP, selects the coordinator (not the workers), and targets the port it serves.
        var service = Map(Resource(documents, "Service", "evopo-api"), "spec");
        Assert.Equal("ClusterIP", Str(service, "type") ?? "ClusterIP");
        var selector = new Dictionary<object, object> { ["matchLabels"] = Map(service, "selector") };
        Assert.True(Selects(selector, At(pod, "metadata", "labels")), "evopo-api does not select the coordinator pod");
        Assert.False(Selects(selector, At(Resource(documents, "Deployment", "evopo-worker"), "spec", "template", "metadata", "labels")),
            "evopo-api selects the workers too");
        var servicePort = (Dictionary<object, object>)Assert.Single(List(service, "ports"));
        Assert.Equal(port, ContainerPort(container, Str(servicePort, "targetPort") ?? Str(servicePort, "port")!));
        Assert.Equal(CoordinatorCommand.DefaultHttpPort.ToString(), Str(servicePort, "port"));

        // The network policies let clients in the namespace reach the API, and the monitoring namespace scrape it.
        var peers = PeersAllowedTo(documents, At(pod, "metadata", "labels"), container, port);
        Assert.Contains(peers, p => p.Count == 1 && p.TryGetValue("podSelector", out var all) && all is Dictionary<object, object> { Count: 0 });
        Assert.Contains(peers, IsMonitoring);
    }

    [KustomizeTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    [InlineData("tls")]
    public void The_workers_metrics_port_is_open_to_the_monitoring_namespace_only(string overlay)
    {
        var documents = Documents(DeployTools.Render(overlay, _dir));
        var pod = At(Resource(documents, "Deployment", "evopo-worker"), "spec", "template");
        var container = At(pod, "spec", "containers", 0);
        var port = int.Parse(Environment(container, PodFields)[NodeHttpServer.PortVariable]);
        Assert.Equal(port, ContainerPort(container, "http"));
        Assert.Equal(port.ToString(), Str(At(pod, "metadata", "annotations"), "prometheus.io/port"));
        var peers = PeersAllowedTo(documents, At(pod, "metadata", "labels"), container, port);
        Assert.NotEmpty(peers);
        Assert.All(peers, peer => Assert.True(IsMonitoring(peer),
            $"port {port} open beyond the monitoring namespace, to {(peer.Count == 0 ? "everyone" : string.Join(", ", peer.Keys))}"));
    }

    [KustomizeTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    [InlineData("tls")]
    public void Every_pod_runs_with_the_runtime_default_seccomp_profile(string overlay)
    {
        var templates = PodTemplates(Documents(DeployTools.Render(overlay, _dir))).ToList();
        Assert.True(templates.Count >= 3, "the coordinator, the workers and PostgreSQL");
        foreach (var (resource, pod) in templates)
        {
            var name = $"{Str(resource, "kind")}/{Str(Map(resource, "metadata"), "name")}";
            Assert.True(Str(At(pod, "spec", "securityContext", "seccompProfile"), "type") == "RuntimeDefault", $"{name}: no seccompProfile RuntimeDefault");
            foreach (Dictionary<object, object> container in List(Map(pod, "spec"), "containers").Concat(List(Map(pod, "spec"), "initContainers")))
                Assert.True(Str(Map(Map(container, "securityContext"), "seccompProfile"), "type") is null or "RuntimeDefault",
                    $"{name}: container {Str(container, "name")} overrides the seccomp profile");
        }
    }

    [KustomizeTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    [InlineData("tls")]
    public void Reapplying_leaves_the_worker_count_to_kubectl_scale(string overlay)
    {
        var worker = Map(Resource(Documents(DeployTools.Render(overlay, _dir)), "Deployment", "evopo-worker"), "spec");
        Assert.False(worker.ContainsKey("replicas"), "the worker Deployment sets replicas: every kubectl apply would reset a scaled worker count");
    }

    [KustomizeTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    [InlineData("tls")]
    public void Only_the_tls_overlay_gives_every_cluster_member_the_cluster_certificate_from_a_secret(string overlay)
    {
        var documents = Documents(DeployTools.Render(overlay, _dir));
        foreach (var (kind, name) in new[] { ("Deployment", "evopo-coordinator"), ("Deployment", "evopo-worker") })
        {
            var spec = At(Resource(documents, kind, name), "spec", "template", "spec");
            var container = At(spec, "containers", 0);
            var certificate = EnvEntry(container, ClusterTls.CertificateVariable);
            var password = EnvEntry(container, ClusterTls.PasswordVariable);
            if (overlay != "tls")
            {
                Assert.Null(certificate);
                Assert.Null(password);
                continue;
            }
            Assert.Equal(("evopo-tls", "cluster.pfx"), SecretFile(spec, container, Str(certificate!, "value")!));
            var reference = At(password!, "valueFrom", "secretKeyRef");
            Assert.Equal(("evopo-tls", "password"), (Str(reference, "name"), Str(reference, "key")));
        }
    }

    [KustomizeTheory]
    [InlineData("autoscaling", "HorizontalPodAutoscaler")]
    [InlineData("autoscaling/keda", "ScaledObject")]
    public void An_autoscaling_variant_renders_to_valid_resources_and_targets_the_workers(string variant, string kind)
    {
        // The directory itself (KEDA's ScaledObject strictly against @kubernetes-models/keda), then added to each overlay.
        var alone = DeployTools.RenderDirectory(Path.Combine(DeployTools.Root, "deploy", "k8s", variant), _dir, variant);
        DeployTools.Check("k8s", alone);
        Assert.Equal(new string?[] { kind }, Documents(alone).Select(d => Str(d, "kind")));
        foreach (var overlay in new[] { "cpu", "gpu", "tls" })
        {
            var rendered = DeployTools.RenderWith(overlay, variant, _dir);
            DeployTools.Check("k8s", rendered);
            var documents = Documents(rendered);
            var autoscaler = Resource(documents, kind, "evopo-worker");
            Assert.Equal(Namespace, Str(Map(autoscaler, "metadata"), "namespace"));
            var target = At(autoscaler, "spec", "scaleTargetRef");
            Resource(documents, Str(target, "kind")!, Str(target, "name")!);
            Assert.Equal(("apps/v1", "Deployment", "evopo-worker"), (Str(target, "apiVersion"), Str(target, "kind"), Str(target, "name")));
        }
    }

    /// <summary>
    /// Both autoscalers ask for ceil(pending units / units per worker) workers on the always-present sum: KEDA's
    /// `threshold` and the HPA's `averageValue` must be the workers' --capacity (read by `evopo worker`'s own parser, so
    /// its default when the manifest names none). KEDA scales to zero, and reads an empty answer as an error.
    /// </summary>
    [KustomizeTheory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    [InlineData("tls")]
    public void The_autoscalers_divide_the_pending_units_by_the_workers_capacity(string overlay)
    {
        var keda = Documents(DeployTools.RenderWith(overlay, "autoscaling/keda", _dir));
        var hpa = Documents(DeployTools.RenderWith(overlay, "autoscaling", _dir));
        var worker = At(Resource(keda, "Deployment", "evopo-worker"), "spec", "template", "spec", "containers", 0);
        var args = List(worker, "args").Select(a => a.ToString()!).ToList();
        Assert.True(args is ["worker", ..], $"the workers run `evopo {string.Join(' ', args)}`, not `evopo worker`");
        var parse = new WorkerCommand().Parse(args.Skip(1).ToArray());
        Assert.Empty(parse.Errors);
        var capacity = parse.GetValue<int>("--capacity");

        var scaledObject = Map(Resource(keda, "ScaledObject", "evopo-worker"), "spec");
        Assert.Equal("0", Str(scaledObject, "minReplicaCount"));
        Assert.True(int.Parse(Str(scaledObject, "maxReplicaCount")!) > 0);
        var trigger = (Dictionary<object, object>)Assert.Single(List(scaledObject, "triggers"));
        Assert.Equal("prometheus", Str(trigger, "type"));
        Assert.Equal("AverageValue", Str(trigger, "metricType") ?? "AverageValue");
        var metadata = Map(trigger, "metadata");
        Assert.Equal(capacity.ToString(), Str(metadata, "threshold"));
        Assert.Equal("0", Str(metadata, "activationThreshold"));
        Assert.Equal("false", Str(metadata, "ignoreNullValues"));
        Assert.False(string.IsNullOrWhiteSpace(Str(metadata, "serverAddress")));
        Assert.Matches(@"^sum\(evopo_pending_units_all(\{[^}]*\})?\)$", Str(metadata, "query"));
        Assert.Contains($"namespace=\"{Namespace}\"", Str(metadata, "query"));

        var external = At(Resource(hpa, "HorizontalPodAutoscaler", "evopo-worker"), "spec", "metrics", 0);
        Assert.Equal("External", Str(external, "type"));
        Assert.Equal("evopo_pending_units_all", Str(At(external, "external", "metric"), "name"));
        var target = At(external, "external", "target");
        Assert.Equal(("AverageValue", capacity.ToString()), (Str(target, "type"), Str(target, "averageValue")));
    }

    [Fact]
    public void The_compose_coordinator_is_evopo_coordinator_with_its_api_on_the_hosts_loopback()
    {
        var composeFile = Path.Combine(DeployTools.Root, "docker-compose.yml");
        var envExample = Path.Combine(DeployTools.Root, "deploy", "compose", "evopo.env.example");
        foreach (var word in OneSearchWords)
        {
            Assert.DoesNotContain(word, File.ReadAllText(composeFile));
            Assert.DoesNotContain(word, File.ReadAllText(envExample));
        }
        var coordinator = Map(Map(Documents(composeFile).Single(), "services"), "coordinator");
        var environment = ComposeEnvironment(coordinator);
        var (parse, port) = CoordinatorCommandLine(List(coordinator, "command").Select(a => a.ToString()!).ToList(), environment);
        Assert.Equal($"127.0.0.1:{CoordinatorCommand.DefaultHttpPort}:{port}", Assert.Single(List(coordinator, "ports"))?.ToString());
        Assert.Contains($"/dev/tcp/127.0.0.1/{port}", string.Join(' ', List(Map(coordinator, "healthcheck"), "test")));
        // The token: from evopo.env (EVOPO_API_TOKEN), which the example spells out; not in the compose file.
        Assert.Null(parse.GetValue<string>("--token-file"));
        Assert.False(environment.ContainsKey(ApiToken.Variable));
        Assert.Equal("evopo.env", Str(coordinator, "env_file"));
        var example = File.ReadLines(envExample).Where(l => l.Contains('=') && !l.StartsWith('#'))
            .ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        Assert.False(string.IsNullOrWhiteSpace(example.GetValueOrDefault(ApiToken.Variable)), $"evopo.env.example has no {ApiToken.Variable}");
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

    /// <summary>
    /// `evopo coordinator`'s command line read by the command's own parser (an unknown option such as --hold or
    /// --run-id fails it), and the port it serves its API, probes and metrics on: --http-port, else EVOPO_HTTP_PORT from
    /// the container's environment, else from the image (Dockerfile ENV), else the command's default.
    /// </summary>
    private static (ParseResult Parse, int HttpPort) CoordinatorCommandLine(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        Assert.True(args is ["coordinator", ..], $"the coordinator runs `evopo {string.Join(' ', args)}`, not `evopo coordinator`");
        var parse = new CoordinatorCommand().Parse(args.Skip(1).ToArray());
        Assert.Empty(parse.Errors);
        var image = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(Path.Combine(DeployTools.Root, "Dockerfile")),
            $@"\b{NodeHttpServer.PortVariable}=(\d+)");
        var port = parse.GetValue<int?>("--http-port")
                   ?? (environment.TryGetValue(NodeHttpServer.PortVariable, out var variable) ? int.Parse(variable)
                       : image.Success ? int.Parse(image.Groups[1].Value) : CoordinatorCommand.DefaultHttpPort);
        return (parse, port);
    }

    /// <summary>
    /// The peers (`from` entries) of every ingress rule that lets traffic to <paramref name="port"/> into a pod with these
    /// labels; a rule without `from` allows everyone, returned as one empty peer. Fails if no policy isolates the pod.
    /// </summary>
    private static List<Dictionary<object, object>> PeersAllowedTo(IEnumerable<Dictionary<object, object>> documents,
        Dictionary<object, object> labels, Dictionary<object, object> container, int port)
    {
        var policies = documents.Where(d => Str(d, "kind") == "NetworkPolicy")
            .Select(d => Map(d, "spec"))
            .Where(p => Selects(Map(p, "podSelector"), labels) && List(p, "policyTypes").Select(t => t.ToString()).Contains("Ingress"))
            .ToList();
        Assert.True(policies.Count > 0, "no NetworkPolicy isolates the pod: every port is open to everyone");
        var peers = new List<Dictionary<object, object>>();
        foreach (Dictionary<object, object> rule in policies.SelectMany(p => List(p, "ingress")))
        {
            var ports = List(rule, "ports").Cast<Dictionary<object, object>>().ToList();
            if (ports.Count > 0 && !ports.Any(p => Str(p, "port") is not { } allowed || ContainerPort(container, allowed) == port)) continue;
            var from = List(rule, "from").Cast<Dictionary<object, object>>().ToList();
            peers.AddRange(from.Count == 0 ? [[]] : from);
        }
        return peers;
    }

    /// <summary>A peer that is the whole namespace `monitoring` and nothing else.</summary>
    private static bool IsMonitoring(Dictionary<object, object> peer) =>
        peer.Keys.All(k => k.ToString() is "namespaceSelector" or "podSelector")
        && Map(peer, "podSelector").Count == 0
        && Map(peer, "namespaceSelector") is { Count: 1 } selector
        && Map(selector, "matchLabels") is { Count: 1 } labels
        && Str(labels, "kubernetes.io/metadata.name") == "monitoring";

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
