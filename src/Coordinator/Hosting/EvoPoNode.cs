using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using EvoPo.GpuWorker.Artifacts;
using EvoPo.GpuWorker.Node;
using EvoPo.GpuWorker.Torch;
using EvoPo.Messages.Cluster;
using EvoPo.Messages.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// One cluster node: remoting, cluster roles, the MessagePack serializer, SQL persistence, the protocol
/// gatekeeper, the artifact server and the work-unit shard region (hosted where the node has the worker role,
/// proxied elsewhere), wired in one builder chain.
/// </summary>
public sealed class EvoPoNode : IAsyncDisposable
{
    /// <summary>Extra HOCON appended last (operations: failure detector timings, TLS); tests shorten timeouts with it.</summary>
    public const string ExtraHoconVariable = "EVOPO_AKKA_HOCON";

    private readonly IHost _host;
    private readonly UnitRunner? _runner;
    private readonly TaskCompletionSource<string> _refused;
    private readonly TaskCompletionSource<string> _island;
    private readonly Http.NodeProbe? _probe;
    private readonly ManagementEndpoint? _management;

    private EvoPoNode(IHost host, UnitRunner? runner, ArtifactRegistry artifacts, TaskCompletionSource<string> refused,
        TaskCompletionSource<string> island, Http.NodeProbe? probe, ManagementEndpoint? management)
    {
        _island = island;
        _host = host;
        _management = management;
        _probe = probe;
        _runner = runner;
        _refused = refused;
        Artifacts = artifacts;
        System = host.Services.GetRequiredService<ActorSystem>();
        WorkUnits = host.Services.GetRequiredService<IRequiredActor<WorkUnitRegion>>().ActorRef;
    }

    public ActorSystem System { get; }

    public IActorRef WorkUnits { get; }

    /// <summary>Files this node serves to workers by content hash.</summary>
    public ArtifactRegistry Artifacts { get; }

    /// <summary>The worker slots every run this node hosts shares, by weighted fair share.</summary>
    public Search.SlotLedger Slots { get; } = new();

    /// <summary>Completes with the reason when the cluster refused this node (protocol mismatch).</summary>
    public Task<string> Refused => _refused.Task;

    /// <summary>
    /// Completes with the reason when this coordinator founded a cluster apart from the one a seed runs (<see cref="SeedWatch"/>);
    /// the session then starts a fresh node, which joins that cluster.
    /// </summary>
    public Task<string> Island => _island.Task;

    /// <summary>How often a coordinator with other seeds asks them which cluster they are in.</summary>
    public static readonly TimeSpan SeedWatchInterval = TimeSpan.FromSeconds(10);

    public Akka.Actor.Address Address => Akka.Cluster.Cluster.Get(System).SelfAddress;

    /// <summary>True once this node is an Up member of a cluster, false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitUntilUpAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(System).RegisterOnMemberUp(() => up.TrySetResult());
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var joined = await Task.WhenAny(up.Task, Task.Delay(timeout, waiting.Token)) == up.Task;
        await waiting.CancelAsync();
        return joined;
    }

    public static async Task<EvoPoNode> StartAsync(NodeOptions options, CancellationToken cancellation)
    {
        // A worker without its device would join, take units and fail every one: it does not start (nor become ready).
        if (options.IsWorker && options.SimulatedUnitDuration is null && DeviceCheck.Problem(options.Device) is { } device)
            throw new Cli.CliException($"this worker cannot start: {device}");
        if (options.Journal is not null) await JournalPreflight.CheckAsync(options.Journal, cancellation);
        var artifacts = new ArtifactRegistry();
        var refused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var island = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        UnitRunner? runner = null;
        var management = await ClusterFormation.StartEndpointAsync(options, cancellation);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CliHostLifetime>();
        builder.Services.AddAkka(NodeOptions.SystemName, akka =>
        {
            akka.AddHocon(EvoPoSerializer.Hocon, HoconAddMode.Prepend);
            if (options.Journal is not null) akka.AddHocon(PersistenceHocon.For(options.Journal), HoconAddMode.Prepend);
            akka
                // Artifact chunks are 1 MiB and paper-scale work units a few hundred KiB: above the 128 kB default frame.
                .AddHocon("""
                    akka.remote.dot-netty.tcp {
                      maximum-frame-size = 16777216b
                      send-buffer-size = 33554432b
                      receive-buffer-size = 33554432b
                    }
                    """, HoconAddMode.Prepend)
                // A unit trains for minutes without receiving a message; its entity passivates itself once it has answered.
                // Shards are worker slots named after their worker (SlotTable, NamedSlotAllocationStrategy), which never
                // rebalances: moving a shard would kill its running unit.
                .AddHocon("""
                    akka.cluster.sharding.passivate-idle-entity-after = off
                    akka.cluster.sharding.state-store-mode = ddata
                    """, HoconAddMode.Prepend)
                // SIGTERM belongs to the CLI (Program.cs, CliHostLifetime): a worker must leave the cluster before its
                // actor system stops, and Akka's own SIGTERM hook would stop it first.
                .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend)
                .ConfigureLoggers(loggers => loggers.LogLevel = Akka.Event.LogLevel.WarningLevel)
                .WithRemoting(new RemoteOptions
                {
                    HostName = options.Hostname,
                    Port = options.Port,
                    PublicHostName = options.PublicHostname,
                    EnableSsl = options.Tls is not null,
                    Ssl = options.Tls?.ToSslOptions()!,
                })
                .WithClustering(new ClusterOptions
                {
                    Roles = options.Roles.ToArray(),
                    SeedNodes = options.Seeds.Select(seed => NodeOptions.SeedAddress(seed, options.Tls is not null)).ToArray(),
                    // Keep-majority: a dead worker is downed after the partition is stable (20 s), its shards move.
                    SplitBrainResolver = Akka.Cluster.Hosting.SBR.SplitBrainResolverOption.Default,
                });
            ClusterFormation.Apply(akka, options, management);
            if (Environment.GetEnvironmentVariable(ExtraHoconVariable) is { Length: > 0 } extra)
                akka.AddHocon(extra, HoconAddMode.Prepend);

            if (options.IsWorker)
                akka.WithActors((system, registry) =>
                {
                    var worker = Akka.Cluster.Cluster.Get(system).SelfAddress;
                    Func<string, Props> entity;
                    if (options.SimulatedUnitDuration is { } simulated)
                    {
                        var simulator = new SimulatedUnitRunner(simulated, $"{worker}", options.Capacity);
                        entity = _ => WorkUnitEntity.Props(simulator);
                    }
                    else
                    {
                        var fetcher = new ArtifactFetcher(system, options.CacheDirectory, options.AlwaysFetchArtifacts);
                        runner = new UnitRunner(new LocalArtifactStore(), fetcher, options.Device, $"{worker}", options.Capacity, options.TestUnitDelay);
                        entity = _ => WorkUnitEntity.Props(runner);
                    }
                    // Started by hand rather than with WithShardRegion: Akka.Hosting has no allocation-strategy option.
                    var region = ClusterSharding.Get(system).Start(WorkUnitEntity.TypeName, entity, ShardSettings(system),
                        new WorkUnitMessageExtractor(), new NamedSlotAllocationStrategy(worker), PoisonPill.Instance);
                    registry.Register<WorkUnitRegion>(region);
                });
            else
                akka.WithShardRegionProxy<WorkUnitRegion>(WorkUnitEntity.TypeName, NodeRoles.Worker, new WorkUnitMessageExtractor());

            akka.WithActors((system, _) =>
            {
                var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
                system.ActorOf(ArtifactServer.Props(artifacts), ArtifactServer.Name);
                var hello = new NodeHello(options.ProtocolVersion, self.ToString(), options.Roles.ToArray(), options.Capacity, options.Device,
                    Simulated: options.IsWorker && options.SimulatedUnitDuration is not null);
                system.ActorOf(NodeGatekeeper.Props(hello, options.IsCoordinator, ready: !options.IsWorker, reason => refused.TrySetResult(reason)), NodeGatekeeper.Name);
                if (options.IsCoordinator && options.Seeds.Count > 1)
                {
                    var seeds = options.Seeds.Select(seed => Address.Parse(NodeOptions.SeedAddress(seed, options.Tls is not null))).ToArray();
                    system.ActorOf(SeedWatch.Props(seeds, SeedWatchInterval, reason => island.TrySetResult(reason)), SeedWatch.Name);
                }
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
        }
        catch when (management is not null)
        {
            await management.DisposeAsync();
            throw;
        }
        var node = new EvoPoNode(host, runner, artifacts, refused, island, options.Probe, management);
        options.Probe?.Attach(options, node.System);
        if (options.IsWorker) await node.AnnounceWhenRegisteredAsync(cancellation);
        return node;
    }

    /// <summary>
    /// A stopping worker: tells every member it takes no new units, then waits until the units it runs have answered or
    /// <paramref name="grace"/> has passed; true when none was left running. Leaving the cluster comes after.
    /// </summary>
    public async Task<bool> DrainAsync(TimeSpan grace)
    {
        _probe?.Draining();
        System.ActorSelection("/user/" + NodeGatekeeper.Name).Tell(StartDraining.Instance);
        var deadline = DateTime.UtcNow + grace;
        while (RunningUnits.Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(100, CancellationToken.None);
        // A unit sent just before the coordinators heard of the draining may still arrive: give it a moment to start.
        await Task.Delay(500, CancellationToken.None);
        while (RunningUnits.Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(100, CancellationToken.None);
        return RunningUnits.Count == 0;
    }

    /// <summary>Waits until the shard coordinator knows this node's region, then lets the gatekeeper announce it.</summary>
    private async Task AnnounceWhenRegisteredAsync(CancellationToken cancellation)
    {
        var self = Address;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !cancellation.IsCancellationRequested)
        {
            try
            {
                var regions = await WorkUnits.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(3), cancellation);
                if (regions.Regions.Contains(self)) break;
            }
            catch (AskTimeoutException)
            {
                // The shard coordinator is not up yet (the cluster is still forming); ask again.
            }
            await Task.Delay(200, cancellation);
        }
        System.ActorSelection("/user/" + NodeGatekeeper.Name).Tell(RegionReady.Instance);
        _probe?.RegionRegistered();
    }

    /// <summary>
    /// Shard allocations live in distributed data, not in the journal (state-store-mode ddata): workers need no
    /// database, and a unit's shard is simply allocated again after a restart (units are idempotent, nothing to remember).
    /// </summary>
    private static ClusterShardingSettings ShardSettings(ActorSystem system) =>
        ClusterShardingSettings.Create(system).WithRole(NodeRoles.Worker).WithRememberEntities(false);

    public async ValueTask DisposeAsync()
    {
        _probe?.Detach();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
        if (_management is not null) await _management.DisposeAsync();
        _runner?.Dispose();
    }
}
