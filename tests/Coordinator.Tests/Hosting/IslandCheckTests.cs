using EvoPo.Coordinator.Hosting;
using EvoPo.Messages.Cluster;

namespace EvoPo.Coordinator.Tests.Hosting;

public sealed class IslandCheckTests
{
    private const string Self = "akka.tcp://evopo@127.0.0.1:4000#11";
    private const string Seed = "akka.tcp://evopo@127.0.0.1:4001#22";
    // The coordinator's crashed incarnation: same address, another uid, still listed by the workers.
    private const string OldSelf = "akka.tcp://evopo@127.0.0.1:4000#10";

    [Fact]
    public void A_seed_up_in_a_cluster_without_this_node_proves_an_island()
    {
        var problem = IslandCheck.Problem(Self, [Self], new ClusterView(Seed, true, [Seed, OldSelf]));

        Assert.Equal("seed akka.tcp://evopo@127.0.0.1:4001 is up in another cluster (2 member(s)) that this node is not part of", problem);
    }

    [Fact]
    public void A_seed_that_is_not_up_yet_proves_nothing() =>
        Assert.Null(IslandCheck.Problem(Self, [Self], new ClusterView(Seed, false, [])));

    [Fact]
    public void A_seed_that_lists_this_node_is_in_the_same_cluster() =>
        Assert.Null(IslandCheck.Problem(Self, [Self], new ClusterView(Seed, true, [Seed, Self])));

    [Fact]
    public void A_seed_this_node_lists_is_joining_the_same_cluster() =>
        Assert.Null(IslandCheck.Problem(Self, [Self, Seed], new ClusterView(Seed, true, [Seed])));

    [Fact]
    public void This_node_answering_itself_proves_nothing() =>
        Assert.Null(IslandCheck.Problem(Self, [Self], new ClusterView(Self, true, [Self])));

    [Fact]
    public void A_node_started_again_after_an_island_is_no_longer_the_founding_seed() =>
        Assert.Equal(["10.0.0.2:4053", "10.0.0.3:4053", "10.0.0.1:4053"], IslandCheck.RejoinSeeds(["10.0.0.1:4053", "10.0.0.2:4053", "10.0.0.3:4053"]));

    [Fact]
    public void A_single_seed_stays_as_it_is() => Assert.Equal(["10.0.0.1:4053"], IslandCheck.RejoinSeeds(["10.0.0.1:4053"]));
}
