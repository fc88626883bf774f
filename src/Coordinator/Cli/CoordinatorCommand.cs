using System.CommandLine;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Api;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo coordinator</c>: a long-lived coordinator node that hosts the searches submitted to its HTTP API.</summary>
public sealed class CoordinatorCommand : CliCommand
{
    public const int DefaultHttpPort = 8080;

    private readonly Option<string> _runs = CliOptions.Runs();
    private readonly Option<string> _tokenFile = CliOptions.Text("--token-file", "F",
        $"the API's bearer token, in file F (a mounted Secret) or env {ApiToken.Variable}; without one the API listens on loopback only");
    private readonly Option<int> _leaseSeconds = CliOptions.Int("--lease-seconds", "S",
        "how long a run's lease lives without renewal (renewed every S/4): a dead coordinator's runs are taken over by another within about S",
        DefaultLeaseSeconds, min: 2, max: 3600);
    private readonly ClusterArgs _cluster = new();

    public const int DefaultLeaseSeconds = 20;

    public CoordinatorCommand() : base("coordinator", "run a long-lived coordinator: hosts many searches, submitted with `evopo submit --cluster URL`",
        $"""
        Serves the submission API (and /healthz, /readyz, /metrics) on --http-port (default {DefaultHttpPort}): submit a config,
        list runs, a run's status, cancel, report; `evopo submit|runs|status|report|cancel --cluster http://HOST:PORT` use it.
        Runs share the workers' slots by fair share (run.priority weighs a run). Workers join with `evopo worker --seeds`.
        Runs the journal holds unfinished are taken up again when the coordinator starts. A run's files live in the journal
        database too, and a coordinator drives a run only while it holds the run's lease there: when one dies (or stops),
        another coordinator on the same journal takes its runs over within --lease-seconds. Ctrl-C / SIGTERM stops every run
        after persisting what is done; another coordinator, or the next start, resumes them.
        """,
        "evopo coordinator --port 4053 --http-port 8080",
        "evopo coordinator --port 4053 --postgres \"Host=db;Username=evopo;Password=...\" --token-file /etc/evopo/token --public-host auto")
    {
        CliOptions.Add(this, _runs, _tokenFile, _leaseSeconds);
        _cluster.AddTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var runs = parse.GetRequiredValue(_runs);
        if (File.Exists(runs)) throw new CliException($"--runs '{runs}' is a file; it must be a directory of runs (created when missing)");
        var token = ApiToken.Read(parse.GetValue(_tokenFile), "--token-file");
        var options = _cluster.Read(parse, [NodeRoles.Coordinator], JournalOptions.Sqlite(RunFolder.DatabasePathOf(runs)));
        options = options with { HttpPort = options.HttpPort ?? DefaultHttpPort };
        Directory.CreateDirectory(runs);

        RunHost? host = null;
        await using var http = Http.NodeHttpServer.StartIfRequested(ref options, app => SubmissionApi.Map(app, () => host, token), loopbackOnly: token is null);
        await using var node = await EvoPoNode.StartAsync(options, cancellation);
        var runHost = new RunHost(node, runs, options.Journal!, TimeSpan.FromSeconds(parse.GetValue(_leaseSeconds)), Console.Out);
        await runHost.ResumeUnfinishedAsync(cancellation);
        host = runHost;
        using var adopting = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var adoption = RunAdoption.RepeatAsync(runHost, Console.Out, adopting.Token);
        var where = token is null ? $"http://127.0.0.1:{http!.Port} (loopback only: no token)" : $"http://{options.PublicHostname ?? options.Hostname}:{http!.Port} (bearer token)";
        Console.WriteLine($"coordinator {node.Address} up; submission API on {where}; runs in {Path.GetFullPath(runs)}, {options.Journal!.Describe()}");

        var stopped = new TaskCompletionSource();
        await using var registration = cancellation.Register(() => stopped.TrySetResult());
        var ended = await Task.WhenAny(stopped.Task, node.Refused, node.System.WhenTerminated, node.Island);
        host = null;
        await adopting.CancelAsync();
        await adoption;
        await runHost.StopAllAsync();
        if (node.Refused.IsCompleted) throw new CliException($"the cluster refused this node: {await node.Refused}");
        // Its supervisor (Kubernetes, compose, systemd) starts it again, and the new node joins the seeds' cluster.
        if (ended == node.Island) throw new Runs.IslandException(await node.Island);
        if (ended == node.System.WhenTerminated) throw new CliException("the node was downed by the cluster; its runs stay in the journal for the next coordinator");
        Console.WriteLine("coordinator stopping; its runs continue when a coordinator starts on this runs directory and journal");
        return 0;
    }
}
