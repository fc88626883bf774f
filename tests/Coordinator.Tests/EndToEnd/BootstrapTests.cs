namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// Cluster formation without seeds (Cluster Bootstrap) with real evopo processes on loopback: through a fixed list of
/// contact points, and through the Kubernetes pod list (a stand-in API server). Nodes form one cluster; a late node and a
/// restarted founder join it instead of founding another. Workers stand in for any node: formation is the same code for
/// every role, and simulated units keep them light.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BootstrapTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    // A killed node is downed within seconds instead of the production 20 s.
    private const string FastFailureDetection =
        "akka.cluster.split-brain-resolver.stable-after = 2s\nakka.cluster.failure-detector.acceptable-heartbeat-pause = 2s";

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-bootstrap-").FullName;
    private readonly List<EvopoProcess> _processes = [];

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Nodes_without_seeds_form_one_cluster_that_late_and_restarted_nodes_join()
    {
        // Two listed contact points (the nodes that may found the cluster), a third node that is not listed.
        var ports = Enumerable.Range(0, 4).Select(_ => FreePorts.Next()).ToArray();
        var contactPoints = $"127.0.0.1:{ports[0]},127.0.0.1:{ports[1]}";
        var environment = new Dictionary<string, string> { ["EVOPO_AKKA_HOCON"] = FastFailureDetection };
        EvopoProcess Node(int port) => Start(environment, "worker", "--contact-points", contactPoints, "--management-port", port.ToString(),
            "--coordinator-timeout", "0", "--simulate-unit-seconds", "0.05");

        var nodes = ports[..3].Select(Node).ToList();
        await ClusterMembers.WaitForOneClusterAsync(ports[..3], 3, Timeout);

        var late = Node(ports[3]);
        var four = await ClusterMembers.WaitForOneClusterAsync(ports, 4, Timeout);

        // The founder (lowest contact point) dies; restarted on the same endpoint, it finds the others' cluster and
        // joins it, though with no answer naming a cluster it would found one again.
        nodes[0].KillHard();
        var survivors = await ClusterMembers.WaitForOneClusterAsync(ports[1..], 3, Timeout);
        Assert.Equal(3, four.Intersect(survivors).Count());
        nodes[0] = Node(ports[0]);
        var rejoined = await ClusterMembers.WaitForOneClusterAsync(ports, 4, Timeout);
        Assert.True(survivors.IsSubsetOf(rejoined), string.Join(", ", rejoined));
        Assert.False(late.HasExited, late.Output);
        Assert.Contains("config discovery, management port", nodes[1].WaitForLine(l => l.StartsWith("worker "), Timeout));
    }

    [Fact]
    public async Task Nodes_find_each_other_through_the_kubernetes_pod_list()
    {
        const string Namespace = "evopo-test";
        var ports = Enumerable.Range(0, 3).Select(_ => FreePorts.Next()).ToArray();
        await using var api = new KubernetesApiStandIn(Namespace, "evopo.io/cluster-member=true", ports);
        var token = Path.Combine(_dir, "token");
        File.WriteAllText(token, KubernetesApiStandIn.Token);
        var environment = new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = api.Port.ToString(),
            // In a pod these are the service account's files (token, CA, namespace); here they are ours.
            ["EVOPO_AKKA_HOCON"] = FastFailureDetection + $$"""

                akka.discovery.evopo-kubernetes {
                  api-token-path = "{{token}}"
                  api-ca-path = "{{api.WriteCertificateAuthority(_dir)}}"
                  namespace = "{{Namespace}}"
                }
                """,
        };

        var nodes = ports.Select(port => Start(environment, "worker", "--discovery", "kubernetes", "--management-port", port.ToString(),
            "--coordinator-timeout", "0", "--simulate-unit-seconds", "0.05")).ToList();

        try
        {
            await ClusterMembers.WaitForOneClusterAsync(ports, 3, Timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nAPI requests: {string.Join("; ", api.Requests.Distinct())}\nfirst node:\n{nodes[0].Output}");
        }
        Assert.Contains($"{Namespace} evopo.io/cluster-member=true authorized", api.Requests);
        Assert.DoesNotContain(api.Requests, r => r.EndsWith("unauthorized"));
    }

    [Theory]
    [InlineData("--discovery", "consul", "evopo worker: --discovery must be config | kubernetes, got 'consul'")]
    [InlineData("--contact-points", "coordinator", "evopo worker: --contact-points: 'coordinator' is not host:port")]
    public void Bad_formation_options_end_with_one_line_and_exit_code_2(string option, string value, string line)
    {
        var (code, output) = EvopoProcess.Run(Timeout, "worker", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith(line, output.Split('\n')[0]);
        Assert.DoesNotContain("   at ", output);
    }

    private EvopoProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = EvopoProcess.Start(environment, args);
        _processes.Add(process);
        return process;
    }
}
