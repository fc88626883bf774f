using System.CommandLine;
using EvoPo.Coordinator.Config;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo submit</c>: send a search config to a running coordinator; it answers the new run's id.</summary>
public sealed class SubmitCommand : CliCommand
{
    private readonly Option<string> _config = CliOptions.Text("--config", "FILE", "search config (YAML); see configs/quickstart.yaml", required: true);
    private readonly ClusterClientArgs _cluster = new(required: true);

    public SubmitCommand() : base("submit", "submit a search to a running coordinator (evopo coordinator); prints the run id",
        """
        The config is validated here and again by the coordinator, which refuses a bad one with the same message before
        anything is stored. Agent paths in the config are looked up on the coordinator (from its working directory).
        Watch the run with `evopo status RUN-ID --cluster URL` or `evopo runs --cluster URL`; stop it with `evopo cancel`.
        """,
        "evopo submit --cluster http://127.0.0.1:8080 --config configs/quickstart.yaml",
        "evopo submit --cluster https://evopo.example.org --token-file ~/.evopo-token --config nightly.yaml")
    {
        CliOptions.Add(this, _config);
        _cluster.AddTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var path = parse.GetRequiredValue(_config);
        var cluster = _cluster.Read(parse)!;
        if (!File.Exists(path)) throw new CliException($"config file '{path}' not found");
        // Refused here with the file's name and line, as `evopo search` would.
        SearchConfigLoader.Load(path);
        var runId = await cluster.SubmitAsync(await File.ReadAllTextAsync(path, cancellation), cancellation);
        Console.WriteLine($"run id: {runId}");
        Console.WriteLine($"watch it: evopo status {runId} --cluster {cluster}");
        return 0;
    }
}
