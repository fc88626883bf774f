using Akka.Actor;
using Akka.Cluster;
using EvoPo.Messages.Cluster;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Asks, every <c>interval</c>, each seed that is not a member of this node's cluster which cluster it is in, and reports
/// an island (<see cref="IslandCheck"/>) once the same seed has proved it twice in a row: a seed that was only slow to
/// join answers "not up" or joins in between. Runs on coordinators started with seeds besides themselves.
/// </summary>
public sealed class SeedWatch : ReceiveActor, IWithTimers
{
    public const string Name = "seed-watch";

    private const int StrikesToReport = 2;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly Dictionary<string, int> _strikes = [];

    public SeedWatch(IReadOnlyList<Address> seeds, TimeSpan interval, Action<string> island)
    {
        var self = IslandCheck.Unique(_cluster.SelfUniqueAddress);
        Receive<Tick>(_ =>
        {
            if (_cluster.SelfMember.Status != MemberStatus.Up) return;
            var members = _cluster.State.Members.Select(m => m.Address).ToHashSet();
            foreach (var seed in seeds.Where(seed => seed != _cluster.SelfAddress && !members.Contains(seed)))
                Context.ActorSelection(new RootActorPath(seed) / "user" / NodeGatekeeper.Name).Tell(new ClusterViewRequest());
        });
        Receive<ClusterView>(view =>
        {
            var problem = IslandCheck.Problem(self, Members(_cluster.State), view);
            _strikes[view.Self] = problem is null ? 0 : _strikes.GetValueOrDefault(view.Self) + 1;
            if (problem is null || _strikes[view.Self] < StrikesToReport) return;
            Timers.CancelAll();
            island(problem);
        });
        Timers.StartPeriodicTimer("tick", Tick.Instance, interval);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyList<Address> seeds, TimeSpan interval, Action<string> island) =>
        Akka.Actor.Props.Create(() => new SeedWatch(seeds, interval, island));

    /// <summary>Unique addresses of the members that are joining or up, as a <see cref="ClusterView"/> lists them.</summary>
    public static string[] Members(ClusterEvent.CurrentClusterState state) =>
        state.Members.Where(m => m.Status is MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up)
            .Select(m => IslandCheck.Unique(m.UniqueAddress)).ToArray();

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
