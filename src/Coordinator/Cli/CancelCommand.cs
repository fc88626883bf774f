using System.CommandLine;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo cancel</c>: stop a run on a coordinator for good; its journal records it as cancelled.</summary>
public sealed class CancelCommand : CliCommand
{
    private readonly Argument<string> _runId = CliOptions.RunId("the run to cancel");
    private readonly Option<bool> _json = CliOptions.Json("print the cancelled run's status as one JSON object, as `evopo status --json`");
    private readonly ClusterClientArgs _cluster = new(required: true);

    public CancelCommand() : base("cancel", "cancel a run on a coordinator (evopo coordinator): it sends no more units and stays cancelled",
        "Prints the run's status once cancelled. A finished, failed or cancelled run is refused: there is nothing to cancel.",
        "evopo cancel 20261123-101500-3fa2c1 --cluster http://127.0.0.1:8080")
    {
        Arguments.Add(_runId);
        CliOptions.Add(this, _json);
        _cluster.AddTo(this);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var status = await _cluster.Read(parse)!.CancelAsync(parse.GetRequiredValue(_runId), cancellation);
        StatusCommand.Print(status, parse.GetValue(_json));
        return 0;
    }
}
