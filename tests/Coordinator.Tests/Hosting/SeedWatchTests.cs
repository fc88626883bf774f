using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using EvoPo.Coordinator.Hosting;
using EvoPo.Messages;
using EvoPo.Messages.Cluster;
using EvoPo.Messages.Serialization;

namespace EvoPo.Coordinator.Tests.Hosting;

/// <summary>
/// Two nodes on loopback: a "workers" node whose gatekeeper answers, and a coordinator whose seeds list it. A coordinator
/// that founded a cluster of its own finds out; one that joined the seed's cluster does not.
/// </summary>
public sealed class SeedWatchTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);
    private ActorSystem _seed = null!;
    private ActorSystem _coordinator = null!;

    public async Task InitializeAsync()
    {
        _seed = Node();
        _coordinator = Node();
        var hello = new NodeHello(ProtocolVersion.Current, Cluster.Get(_seed).SelfAddress.ToString(), [NodeRoles.Worker], 1, "cpu");
        _seed.ActorOf(NodeGatekeeper.Props(hello, mayRefuse: false, ready: true, _ => { }), NodeGatekeeper.Name);
        await JoinAsync(_seed, Cluster.Get(_seed).SelfAddress);
    }

    public async Task DisposeAsync()
    {
        await _coordinator.Terminate();
        await _seed.Terminate();
    }

    [Fact]
    public async Task A_coordinator_that_founded_its_own_cluster_learns_it_from_a_seed()
    {
        await JoinAsync(_coordinator, Cluster.Get(_coordinator).SelfAddress);
        var island = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _coordinator.ActorOf(SeedWatch.Props(Seeds(), Interval, reason => island.TrySetResult(reason)));

        var reason = await island.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal($"seed {Cluster.Get(_seed).SelfAddress} is up in another cluster (1 member(s)) that this node is not part of", reason);
    }

    [Fact]
    public async Task A_coordinator_in_the_seeds_cluster_hears_nothing()
    {
        await JoinAsync(_coordinator, Cluster.Get(_seed).SelfAddress);
        var island = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _coordinator.ActorOf(SeedWatch.Props(Seeds(), Interval, reason => island.TrySetResult(reason)));

        // Ten rounds of asking: any of them would have reported within two.
        var ended = await Task.WhenAny(island.Task, Task.Delay(Interval * 10));

        Assert.NotSame(island.Task, ended);
    }

    private Address[] Seeds() => [Cluster.Get(_coordinator).SelfAddress, Cluster.Get(_seed).SelfAddress];

    private static ActorSystem Node() => ActorSystem.Create("evopo", ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.loglevel = WARNING
        akka.cluster.min-nr-of-members = 1
        """).WithFallback(ConfigurationFactory.ParseString(EvoPoSerializer.Hocon)));

    private static async Task JoinAsync(ActorSystem system, Address address)
    {
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(address);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
