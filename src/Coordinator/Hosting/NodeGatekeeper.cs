using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using EvoPo.Coordinator.Search;
using EvoPo.Messages.Cluster;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Greets every node that comes up with this node's protocol version and capacity. A coordinator that meets a
/// node of another version tells it why and downs it; a worker that meets one leaves. Both sides log the
/// reason, so incompatible code never exchanges work silently. It also keeps the <see cref="WorkerPool"/>
/// (compatible workers and their capacities) and publishes it on the event stream whenever it changes.
/// </summary>
public sealed class NodeGatekeeper : ReceiveActor
{
    public const string Name = "gatekeeper";

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Address, NodeHello> _workers = [];
    private readonly List<Address> _toGreet = [];
    private bool _ready;

    /// <param name="ready">
    /// Whether to greet at once. A worker greets only after its shard region is registered with the shard
    /// coordinator (<see cref="RegionReady"/>): a coordinator that counted its capacity earlier could place the
    /// new slots on the old workers, and the newcomer would sit idle.
    /// </param>
    public NodeGatekeeper(NodeHello self, bool mayRefuse, bool ready, Action<string> refused)
    {
        _ready = ready;
        if (ready && self.Roles.Contains(NodeRoles.Worker)) _workers[_cluster.SelfAddress] = self;

        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.Address == _cluster.SelfAddress) return;
            if (_ready) Greet(up.Member.Address, self);
            else _toGreet.Add(up.Member.Address);
        });
        Receive<RegionReady>(_ =>
        {
            if (_ready) return;
            _ready = true;
            if (self.Roles.Contains(NodeRoles.Worker))
            {
                _workers[_cluster.SelfAddress] = self;
                Publish();
            }
            foreach (var address in _toGreet) Greet(address, self);
            _toGreet.Clear();
        });
        // A leaving worker (SIGTERM, drain) takes no new units: its slots leave the pool when it starts leaving.
        Receive<ClusterEvent.MemberLeft>(left => Forget(left.Member.Address));
        Receive<ClusterEvent.MemberExited>(exited => Forget(exited.Member.Address));
        Receive<ClusterEvent.MemberRemoved>(removed => Forget(removed.Member.Address));
        Receive<NodeHello>(hello =>
        {
            if (hello.ProtocolVersion == self.ProtocolVersion)
            {
                // A known worker greets again when it starts draining; any other repeat changes nothing.
                if (hello.Roles.Contains(NodeRoles.Worker) && Address.Parse(hello.Address) is var address
                    && (!_workers.TryGetValue(address, out var known) || known.Draining != hello.Draining))
                {
                    _workers[address] = hello;
                    Publish();
                }
                return;
            }
            var reason = $"EvoPO protocol mismatch: node {hello.Address} speaks protocol {hello.ProtocolVersion}, node {self.Address} speaks protocol {self.ProtocolVersion}";
            _log.Error("refusing: {0}", reason);
            Console.Error.WriteLine($"refusing: {reason}");
            if (mayRefuse)
            {
                Sender.Tell(new NodeRefused(reason));
                // Give the refusal a moment to arrive before the node is downed and cut off.
                var stranger = Address.Parse(hello.Address);
                Context.System.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromSeconds(1), () => _cluster.Down(stranger));
            }
            else
            {
                refused(reason);
            }
        });
        Receive<NodeRefused>(refusal => refused(refusal.Reason));
        Receive<StartDraining>(_ =>
        {
            self = self with { Draining = true };
            if (_workers.ContainsKey(_cluster.SelfAddress)) _workers[_cluster.SelfAddress] = self;
            Publish();
            foreach (var member in _cluster.State.Members)
                if (member.Address != _cluster.SelfAddress && member.Status == MemberStatus.Up) Greet(member.Address, self);
        });
        Receive<GetWorkerPool>(_ => Sender.Tell(Pool()));
        Receive<ClusterViewRequest>(_ => Sender.Tell(new ClusterView(IslandCheck.Unique(_cluster.SelfUniqueAddress),
            _cluster.SelfMember.Status == MemberStatus.Up, SeedWatch.Members(_cluster.State))));
    }

    public static Props Props(NodeHello self, bool mayRefuse, bool ready, Action<string> refused) =>
        Akka.Actor.Props.Create(() => new NodeGatekeeper(self, mayRefuse, ready, refused));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberLeft), typeof(ClusterEvent.MemberExited), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private static void Greet(Address address, NodeHello self) =>
        Context.ActorSelection(new RootActorPath(address) / "user" / Name).Tell(self);

    private void Forget(Address address)
    {
        if (_workers.Remove(address)) Publish();
    }

    private WorkerPool Pool() => new(_workers.Values.OrderBy(w => w.Address, StringComparer.Ordinal).ToArray());

    private void Publish() => Context.System.EventStream.Publish(Pool());
}

/// <summary>This worker stops (SIGTERM): tell every member it takes no new units (<see cref="NodeHello.Draining"/>).</summary>
public sealed class StartDraining
{
    public static readonly StartDraining Instance = new();
}

/// <summary>This node's work-unit region is registered with the shard coordinator: it may announce its capacity.</summary>
public sealed class RegionReady
{
    public static readonly RegionReady Instance = new();
}
