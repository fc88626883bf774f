using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using EvoPo.GpuWorker.Artifacts;
using EvoPo.GpuWorker.Node;
using EvoPo.Messages.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// One cluster node: remoting, cluster roles, the MessagePack serializer, SQL persistence and the work-unit
/// shard region (hosted where the node has the worker role, proxied elsewhere), wired in one builder chain.
/// </summary>
public sealed class EvoPoNode : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly UnitRunner? _runner;

    private EvoPoNode(IHost host, UnitRunner? runner)
    {
        _host = host;
        _runner = runner;
        System = host.Services.GetRequiredService<ActorSystem>();
        WorkUnits = host.Services.GetRequiredService<IRequiredActor<WorkUnitRegion>>().ActorRef;
    }

    public ActorSystem System { get; }

    public IActorRef WorkUnits { get; }

    public static async Task<EvoPoNode> StartAsync(NodeOptions options, CancellationToken cancellation)
    {
        var runner = options.IsWorker ? new UnitRunner(new LocalArtifactStore(), options.Device, $"{options.Hostname}/{Environment.ProcessId}") : null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddAkka(NodeOptions.SystemName, akka =>
        {
            akka.AddHocon(EvoPoSerializer.Hocon, HoconAddMode.Prepend)
                .AddHocon(PersistenceHocon.Sqlite(options.DatabasePath), HoconAddMode.Prepend)
                // A unit trains for minutes without receiving a message; its entity passivates itself once it has answered.
                .AddHocon("akka.cluster.sharding.passivate-idle-entity-after = off", HoconAddMode.Prepend)
                .ConfigureLoggers(loggers => loggers.LogLevel = Akka.Event.LogLevel.WarningLevel)
                .WithRemoting(options.Hostname, options.Port)
                .WithClustering(new ClusterOptions
                {
                    Roles = options.Roles.ToArray(),
                    SeedNodes = options.Seeds.ToArray(),
                });
            if (runner is not null)
                akka.WithShardRegion<WorkUnitRegion>(WorkUnitEntity.TypeName, _ => WorkUnitEntity.Props(runner),
                    new WorkUnitMessageExtractor(), new ShardOptions { Role = NodeRoles.Worker });
            else
                akka.WithShardRegionProxy<WorkUnitRegion>(WorkUnitEntity.TypeName, NodeRoles.Worker, new WorkUnitMessageExtractor());
            if (options.Seeds.Count == 0)
                akka.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress));
        });
        var host = builder.Build();
        await host.StartAsync(cancellation);
        return new EvoPoNode(host, runner);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
        _runner?.Dispose();
    }
}
