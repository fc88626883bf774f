using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.TestActors;
using Akka.TestKit.Xunit2;
using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Tests.Runs;

/// <summary>A session's watch ends, with the cause, when the run's actor stops or its node's actor system goes away.</summary>
public sealed class RunWatchTests(Xunit.Abstractions.ITestOutputHelper output) : TestKit("akka.loglevel = WARNING", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task It_ends_when_the_run_actor_stops()
    {
        var run = Sys.ActorOf(BlackHoleActor.Props);
        var gone = RunWatch.WhenGoneAsync(Sys, run, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(gone.IsCompleted);

        Sys.Stop(run);
        Assert.Equal("its SearchRun actor stopped", await gone.WaitAsync(Patience));
    }

    [Fact]
    public async Task It_ends_when_the_actor_system_shuts_down()
    {
        var system = ActorSystem.Create("shut", "akka.loglevel = WARNING");
        var gone = RunWatch.WhenGoneAsync(system, system.ActorOf(BlackHoleActor.Props), CancellationToken.None);
        await system.Terminate();
        Assert.Equal("the node's actor system shut down", await gone.WaitAsync(Patience));
    }

    [Fact]
    public async Task It_ends_when_the_cluster_downs_the_node()
    {
        var system = ActorSystem.Create("downed", ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.loglevel = WARNING
            """));
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            var up = new TaskCompletionSource();
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            cluster.Join(cluster.SelfAddress);
            await up.Task.WaitAsync(Patience);
            var gone = RunWatch.WhenGoneAsync(system, system.ActorOf(BlackHoleActor.Props), CancellationToken.None);

            cluster.Down(cluster.SelfAddress);
            Assert.StartsWith("this node was downed by the cluster", await gone.WaitAsync(Patience));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task Cancelling_the_watch_ends_it_without_a_reason()
    {
        using var cancel = new CancellationTokenSource();
        var gone = RunWatch.WhenGoneAsync(Sys, Sys.ActorOf(BlackHoleActor.Props), cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone.WaitAsync(Patience));
    }
}
