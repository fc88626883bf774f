using Akka.Actor;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Search;
using EvoPo.Messages;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Policies;
using EvoPo.Simulation.Tasks;
using SimVariant = EvoPo.Simulation.Datasets.DatasetVariant;

namespace EvoPo.Coordinator.Runs;

/// <summary>
/// Creates a run's folder and inputs, then drives the run on an embedded node (both roles, SQLite journal)
/// until it finishes, fails or the user stops it. <c>evopo search</c> and <c>evopo resume</c> differ only in
/// whether a <see cref="RunCreated"/> event is passed in.
/// </summary>
public static class SearchSession
{
    /// <summary>The plan of a run, from its journal's creation event and the folder holding its artifacts.</summary>
    public static SearchPlan PlanFor(RunFolder folder, RunCreated created)
    {
        var config = SearchConfigLoader.Parse(created.ConfigYaml, $"config stored in the journal of run {created.RunId}");
        if (config.Pretrain.Enabled) return PretrainSession.PlanFor(folder, created, config);
        var training = SearchPlan.CreateTrainingPlan(config,
            new ArtifactRef(created.DatasetHash, folder.DatasetPath),
            new ArtifactRef(created.AgentHash, folder.StartAgentPath));
        return new SearchPlan(created.RunId, created.Seed, config, training);
    }

    /// <summary>Writes config, start/target agents and the preference dataset into a new run folder.</summary>
    public static RunCreated Prepare(SearchConfig config, string configPath, RunFolder folder, TextWriter console)
    {
        var original = ReadAgent(config.Agents.Original, "agents.original", configPath);
        var target = ReadAgent(config.Agents.Target, "agents.target", configPath);
        var startMean = StartPoint.Load(config, configPath);
        var start = config.Agents.Start == StartAgent.Original ? original : target;
        var task = BuiltInTasks.Get(YamlNames.Of(config.Task.Name), config.Task.EpisodeLength);
        // Both agents roll out the dataset on the task, not only the start agent.
        foreach (var (key, agent) in new[] { ("agents.original", original), ("agents.target", target) })
            if (agent.Shape.ObsDim != task.ObsDim || agent.Shape.ActDim != task.ActDim)
                throw new CliException($"{key} ({agent.Shape}) does not fit task {task.Name} (obs {task.ObsDim}, act {task.ActDim})");
        if (original.Distribution != target.Distribution)
            throw new CliException($"agents.original ({config.Agents.Original}) is {PolicyDistributions.Name(original.Distribution)} but agents.target " +
                $"({config.Agents.Target}) is {PolicyDistributions.Name(target.Distribution)}: the dataset built from both stores one kind of action, " +
                "and the start agent is trained on it, so both need the same distribution");

        folder.Create();
        var yaml = SearchConfigLoader.ToYaml(config);
        AtomicFile.WriteAllText(folder.ConfigPath, yaml);
        AgentFile.Write(folder.StartAgentPath, start);
        AgentFile.Write(folder.TargetAgentPath, target);

        console.WriteLine($"building {config.Dataset.Pairs} preference pairs ({YamlNames.Of(config.Dataset.Variant)}) on {task.Name}...");
        var spec = new DatasetSpec(config.Dataset.Pairs, (SimVariant)(int)config.Dataset.Variant, config.Dataset.Noise,
            config.Dataset.Temperature, config.Dataset.Seed);
        var dataset = DatasetBuilder.Build(task, original, target, spec);
        DatasetFile.Write(folder.DatasetPath, dataset);

        return new RunCreated(folder.RunId, yaml, config.Run.Seed, dataset.ContentHash, start.ContentHash,
            startMean, DateTime.UtcNow, ProtocolVersion.Current);
    }

    /// <param name="node">Cluster settings of this process; its journal must be the one the run was created in.</param>
    /// <param name="progress">Told (label, units done, units in all) as units complete, e.g. for a terminal status line.</param>
    /// <param name="retry">Reopen the run if it failed (<c>evopo resume --retry</c>): its missing units and report are tried again.</param>
    public static async Task<RunOutcome> DriveAsync(RunFolder folder, RunCreated? create, NodeOptions nodeOptions, TextWriter console, bool verbose,
        CancellationToken cancellation, Action<string, double, double>? progress = null, bool retry = false)
    {
        if (Directory.Exists(folder.LockPath))
            throw new CliException($"run {folder.RunId}: its lock file {folder.LockPath} is a directory; remove it (rmdir) and run again");
        using var runLock = RunLock.TryAcquire(folder.LockPath)
            ?? throw new CliException($"run {folder.RunId} is being driven by another process (lock {folder.LockPath})");
        var rejoining = false;
        for (var attempt = 1; ; attempt++)
        {
            var options = rejoining ? nodeOptions with { Seeds = IslandCheck.RejoinSeeds(nodeOptions.Seeds) } : nodeOptions;
            await using var node = await EvoPoNode.StartAsync(options, cancellation);
            if (rejoining && !await node.WaitUntilUpAsync(RejoinTimeout, cancellation) && !cancellation.IsCancellationRequested)
            {
                // The other cluster is gone meanwhile (its workers quit and restart through the seeds): found one again.
                console.WriteLine($"this coordinator could not join the seeds' cluster within {RejoinTimeout.TotalSeconds:0} s; " +
                                  "starting its node again as the founding seed");
                rejoining = false;
                if (attempt < IslandRestarts) continue;
                throw new CliException($"run {folder.RunId}: this coordinator founded clusters of its own and then could not join the seeds' " +
                                       $"cluster ({IslandRestarts} tries); check that the seeds run one cluster, then " +
                                       $"`evopo resume {folder.RunId} --runs {folder.RunsDirectory}`");
            }
            try
            {
                return await RunOnAsync(node, folder, create, new RunFolderOutputs(folder, console, verbose, progress), console, cancellation, retry);
            }
            catch (IslandException island) when (attempt < IslandRestarts)
            {
                // Nothing is lost: the run goes on from its journal on a node that joins the seeds' cluster and cannot found one.
                console.WriteLine($"this coordinator founded a cluster of its own ({island.Reason}); starting its node again to join that cluster");
                rejoining = true;
            }
        }
    }

    /// <summary>How long a node started again to leave an island may take to join the seeds' cluster.</summary>
    public static readonly TimeSpan RejoinTimeout = TimeSpan.FromSeconds(90);

    /// <summary>How often a coordinator that founded a second cluster starts its node again before it gives up.</summary>
    public const int IslandRestarts = 3;

    /// <summary>
    /// Starts the run's actor (under its supervisor) on the node, sharing the node's worker slots with the other runs it
    /// hosts: <c>evopo search</c>'s one run and each run an <c>evopo coordinator</c> hosts start here.
    /// </summary>
    public static IActorRef Start(EvoPoNode node, RunFolder folder, RunCreated? create, IRunOutputs outputs, bool retry = false) =>
        node.System.ActorOf(
            SearchRunSupervisor.Props(folder.RunId, new StartSearch(create, retry), created =>
            {
                // Workers on other machines fetch these by content hash from this node.
                var plan = PlanFor(folder, created);
                if (plan.Pretrain is { } pretrain)
                {
                    PretrainSession.EnsureTemplate(folder, pretrain);
                    node.Artifacts.Register(plan.Training.InitialAgent.ContentHash, folder.PolicyTemplatePath);
                    return plan;
                }
                node.Artifacts.Register(created.DatasetHash, folder.DatasetPath);
                node.Artifacts.Register(created.AgentHash, folder.StartAgentPath);
                return plan;
            }, node.WorkUnits, outputs, new SearchRunOptions { Slots = node.Slots }),
            "search-" + folder.RunId);

    /// <summary>
    /// Drives the run on a node that is already up (benchmarks attach their workers first) until it finishes or fails,
    /// the user stops it, or its actor or the node is gone for good (then a <see cref="CliException"/> says why).
    /// </summary>
    public static async Task<RunOutcome> RunOnAsync(EvoPoNode node, RunFolder folder, RunCreated? create, RunFolderOutputs outputs,
        TextWriter console, CancellationToken cancellation, bool retry = false)
    {
        var run = Start(node, folder, create, outputs, retry);
        // Not linked to the user's cancellation: Ctrl-C must end the session as a stop, not as a vanished actor.
        using var watching = new CancellationTokenSource();
        try
        {
            var gone = RunWatch.WhenGoneAsync(node.System, run, watching.Token);
            var stopped = Task.Delay(Timeout.Infinite, cancellation);
            var ended = await Task.WhenAny(outputs.Completion, stopped, node.Refused, gone, node.Island);
            // The run's own outcome wins over whatever ended with it (its actor stops once the node shuts down).
            if (outputs.Completion.IsCompleted) return await outputs.Completion;
            if (ended == node.Refused) throw new CliException($"the cluster refused this node: {await node.Refused}");
            if (ended == node.Island) throw new IslandException(await node.Island);
            if (ended == gone)
            {
                var last = outputs.LastProblem is { } problem ? $" after restarting it failed again and again; the last failure: {problem}" : "";
                throw new CliException($"run {folder.RunId} stopped: {await gone}{last}; nothing journaled is lost: " +
                                       $"continue with `evopo resume {folder.RunId} --runs {folder.RunsDirectory}`");
            }
            console.WriteLine($"stopped; continue with: evopo resume {folder.RunId} --runs {folder.RunsDirectory}");
            throw new OperationCanceledException(cancellation);
        }
        finally
        {
            await watching.CancelAsync();
            node.System.Stop(run);
        }
    }

    internal static Agent ReadAgent(string path, string key, string configPath)
    {
        var found = ConfigRelativePath.Find(path, configPath)
            ?? throw new CliException($"{key}: agent file '{path}' not found (looked in the working directory and above {Path.GetDirectoryName(Path.GetFullPath(configPath))}); " +
                                      "produce it with `evopo pretrain` or fix the path in the config");
        try
        {
            return AgentFile.Read(found);
        }
        catch (AgentFormatException e)
        {
            throw new CliException($"{key}: {e.Message}", e);
        }
    }
}
