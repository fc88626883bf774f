using System.Threading.Channels;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Search;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Datasets;

/// <summary>
/// <c>evopo dataset --role coordinator</c>: starts a coordinator node, serves the two agents to the workers by content
/// hash, lets a <see cref="DatasetBuildActor"/> send the chunk units, and writes each chunk as it arrives, in whatever
/// order, with <see cref="DatasetFileWriter"/>. The file is byte for byte the one the single-process build writes.
/// </summary>
public static class ClusterDatasetBuild
{
    /// <param name="agents">Each agent with the file it was read from (served to workers that do not share this filesystem).</param>
    /// <param name="progress">Told the pairs written so far after each chunk.</param>
    public static async Task<DatasetSummaryData> RunAsync(NodeOptions options, TaskDescriptor task, (Agent Agent, string Path) original,
        (Agent Agent, string Path) target, DatasetSpec spec, string outPath, int pairsPerUnit, Action<string> say, Action<int> progress,
        CancellationToken cancellation)
    {
        // The file first: an --out that cannot be written stops the build before any node starts.
        using var writer = new DatasetFileWriter(outPath, DatasetBuilder.Metadata(task, original.Agent, target.Agent, spec));
        await using var node = await EvoPoNode.StartAsync(options, cancellation);
        var originalRef = Serve(node, original);
        var targetRef = Serve(node, target);
        var buildId = $"dataset-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var units = DatasetUnits.Cut(buildId, task, spec, originalRef, targetRef, pairsPerUnit);
        say($"node {node.Address} up; {spec.Pairs} pairs in {units.Count} unit(s) of up to {pairsPerUnit}; waiting for `evopo worker` nodes");

        // Unbounded, so the actor never waits on the file (its writers: the actor, and the refusal below). What queues is at
        // most the chunks that answered while one was being written (milliseconds for a few MB, against seconds of rollout
        // per chunk).
        var chunks = Channel.CreateUnbounded<DatasetChunk>(new UnboundedChannelOptions { SingleReader = true });
        _ = node.Refused.ContinueWith(refused => chunks.Writer.TryComplete(new DatasetBuildException($"the cluster refused this node: {refused.Result}")),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        var build = node.System.ActorOf(DatasetBuildActor.Props(buildId, units, node.WorkUnits, chunks.Writer, say,
            new SearchRunOptions { Slots = node.Slots }), buildId);
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellation))
            {
                writer.WriteChunk(chunk);
                progress(writer.WrittenPairs);
            }
            return writer.Complete();
        }
        finally
        {
            node.System.Stop(build);
        }
    }

    private static ArtifactRef Serve(EvoPoNode node, (Agent Agent, string Path) agent)
    {
        node.Artifacts.Register(agent.Agent.ContentHash, agent.Path);
        return new ArtifactRef(agent.Agent.ContentHash, Path.GetFullPath(agent.Path));
    }
}
