using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using EvoPo.Messages.Cluster;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Greets every node that comes up with this node's protocol version. A coordinator that meets a node of
/// another version tells it why and downs it; a worker that meets one leaves. Both sides log the reason, so
/// incompatible code never exchanges work silently.
/// </summary>
public sealed class NodeGatekeeper : ReceiveActor
{
    public const string Name = "gatekeeper";

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public NodeGatekeeper(NodeHello self, bool mayRefuse, Action<string> refused)
    {
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.Address == _cluster.SelfAddress) return;
            Context.ActorSelection(new RootActorPath(up.Member.Address) / "user" / Name).Tell(self);
        });
        Receive<NodeHello>(hello =>
        {
            if (hello.ProtocolVersion == self.ProtocolVersion) return;
            var reason = $"node {hello.Address} speaks EvoPO protocol {hello.ProtocolVersion}, node {self.Address} speaks {self.ProtocolVersion}";
            _log.Error("refusing: {0}", reason);
            Console.Error.WriteLine($"refusing: {reason}");
            if (mayRefuse)
            {
                Sender.Tell(new NodeRefused(reason));
                _cluster.Down(Address.Parse(hello.Address));
            }
            else
            {
                refused(reason);
            }
        });
        Receive<NodeRefused>(refusal => refused(refusal.Reason));
    }

    public static Props Props(NodeHello self, bool mayRefuse, Action<string> refused) =>
        Akka.Actor.Props.Create(() => new NodeGatekeeper(self, mayRefuse, refused));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp));

    protected override void PostStop() => _cluster.Unsubscribe(Self);
}
