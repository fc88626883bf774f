using Akka.Discovery.Config.Hosting;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// How a node gets into its cluster: static seeds (given to the clustering options by <see cref="EvoPoNode"/>),
/// Cluster Bootstrap over a discovery method, or, with neither, joining itself (the embedded single-process
/// node, which opens no management port).
/// </summary>
public static class ClusterFormation
{
    /// <summary>Service name the contact points are looked up under (config discovery's service entry).</summary>
    public const string ServiceName = NodeOptions.SystemName;

    /// <summary>Name of the container port that carries the management endpoint in deploy/k8s.</summary>
    public const string ManagementPortName = "management";

    /// <summary>Binds the management endpoint of a node that forms its cluster by bootstrap; null for the others.</summary>
    public static async Task<ManagementEndpoint?> StartEndpointAsync(NodeOptions options, CancellationToken cancellation) =>
        options.Discovery is { } discovery ? await ManagementEndpoint.StartAsync(options.Hostname, discovery.ManagementPort, cancellation) : null;

    public static void Apply(AkkaConfigurationBuilder akka, NodeOptions options, ManagementEndpoint? endpoint)
    {
        if (options.Discovery is { } discovery)
            Bootstrap(akka, discovery, options.PublicHostname ?? options.Hostname,
                endpoint ?? throw new ArgumentException("bootstrap needs its management endpoint", nameof(endpoint)));
        else if (options.Seeds.Count == 0)
            akka.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
    }

    /// <summary>
    /// The settings that keep nodes from forming two clusters (docs/cluster.md, "Forming the cluster"): a node founds
    /// a cluster only when every discovered contact point has answered that it is in none
    /// (contact-with-all-contact-points), the set has not changed for the stable margin, and it is the lowest of them;
    /// any answer naming a cluster makes it join that one instead. A node that is not itself a contact point can
    /// never be the lowest, so it only ever joins.
    /// </summary>
    private static void Bootstrap(AkkaConfigurationBuilder akka, DiscoveryOptions discovery, string advertisedHost, ManagementEndpoint endpoint)
    {
        var kubernetes = discovery.Method == DiscoveryMethod.Kubernetes;
        // Settings only (the bootstrap reads its port); the HTTP side is ManagementEndpoint, never started here.
        akka.WithAkkaManagement(new AkkaManagementOptions { HostName = advertisedHost, Port = discovery.ManagementPort }, autoStart: false);
        akka.WithClusterBootstrap(bootstrap =>
        {
            bootstrap.NewClusterEnabled = true;
            bootstrap.ContactPointDiscovery.ServiceName = ServiceName;
            // Kubernetes: the pod list is one consistent view, and a lone coordinator (workers scaled to zero) must be
            // able to found the cluster, so one answering pod is enough; everyone listed must still have answered.
            // Config: the list is fixed, so every listed endpoint has to answer before anyone founds.
            bootstrap.ContactPointDiscovery.RequiredContactPointsNr = kubernetes ? 1 : discovery.ContactPoints.Count;
            bootstrap.ContactPointDiscovery.ContactWithAllContactPoints = true;
            bootstrap.ContactPointDiscovery.PortName = kubernetes ? ManagementPortName : null;
            // Contact points carry their own ports; the default filter would keep, per host, only the one on this
            // node's port, which drops all but one of several nodes on one machine.
            bootstrap.ContactPoint.FilterOnFallbackPort = false;
        }, autoStart: false);
        // After every actor is up: the endpoint answers from this system, the bootstrap learns its own contact point
        // (compared with the discovered ones to recognise itself, so spelled as they are: the pod IP on Kubernetes,
        // the --contact-points host elsewhere), then starts probing.
        akka.AddStartup(async (system, _) =>
        {
            endpoint.Attach(system);
            var bootstrap = ClusterBootstrap.Get(system);
            bootstrap.Routes(ManagementRouteProviderSettings.Create(new Uri($"http://{advertisedHost}:{discovery.ManagementPort}"), readOnly: true));
            await bootstrap.Start();
        });
        if (kubernetes)
            // Only the pod's own namespace: a namespaced Role (deploy/k8s/base/discovery-rbac.yaml) is enough.
            akka.AddHocon($$"""
                akka.discovery.method = {{KubernetesPodDiscovery.ConfigPath}}
                akka.discovery.{{KubernetesPodDiscovery.ConfigPath}} {
                  class = "{{typeof(KubernetesPodDiscovery).AssemblyQualifiedName}}"
                  label-selector = "{{discovery.LabelSelector}}"
                  port-name = {{ManagementPortName}}
                }
                """, HoconAddMode.Append);
        else
            akka.WithConfigDiscovery(config => config.Services =
            [
                new Service { Name = ServiceName, Endpoints = [.. discovery.ContactPoints] },
            ]);
    }
}
