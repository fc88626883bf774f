using System.CommandLine;
using System.Globalization;
using EvoPo.Coordinator.Objectives;
using EvoPo.GpuWorker.Export;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo objective export</c>: an objective as a self-contained PyTorch file, for training language models with it (TRL).</summary>
public sealed class ObjectiveExportCommand : CliCommand
{
    private const string Format = "pytorch";
    private const string StdoutModule = "evopo_loss";

    private readonly ObjectiveOptions _objective = new();
    private readonly Option<string> _format = CliOptions.Choice("--format", "one Python file that needs torch only (the only format)", Format, [Format]);
    private readonly Option<string> _out = CliOptions.Text("--out", "FILE.py",
        "write it there (default: stdout); the file name less .py is the module name its TRL snippet imports");

    public ObjectiveExportCommand() : base("export", "an objective (a catalog loss or a search's discovered one) as one Python file for PyTorch and TRL",
        $"""
        The file defines {PyTorchExport.FunctionName}(policy_chosen_logps, policy_rejected_logps, [reference_chosen_logps, reference_rejected_logps,]
        chosen_lengths, rejected_lengths, ...) returning per-pair losses, with the learned parameters embedded; in float64 it equals
        `evopo objective eval` with the same options. Its docstring says where the loss comes from, how tokens stand in for trajectory
        steps (ℓ_max), and how to train with it in TRL (a DPOTrainer subclass; docs/objectives.md). Give exactly one of --objective and --best.
        """,
        "evopo objective export --best runs/20260101-120000-abcdef/best.json --out discovered_loss.py",
        "evopo objective export --objective dpo --hp beta=0.2 --out dpo_loss.py")
    {
        CliOptions.Add(this, _format, _out);
        _objective.AddTo(this);
    }

    protected override Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var choice = _objective.Read(parse);
        var output = parse.GetValue(_out);
        var module = output is null ? StdoutModule : Path.GetFileNameWithoutExtension(output);
        if (output is not null && (!output.EndsWith(".py", StringComparison.Ordinal) || !PyTorchExport.IsModuleName(module)))
            throw new UsageException($"--out must be a Python module file, a name of letters, digits and _ ending in .py (e.g. discovered_loss.py), got '{output}'");

        cancellation.ThrowIfCancellationRequested();
        var source = PyTorchExport.Module(choice.Spec, choice.LogProbMax, ExportOrigins.Of(choice), module);
        if (!TextOutput.Write(output, source)) return Task.FromResult(0);
        var logProbMax = PythonLosses.For(choice.Spec.Name).ReadsLogProbMax ? $", ℓ_max {choice.LogProbMax.ToString("G6", CultureInfo.InvariantCulture)} ({choice.LogProbMaxSource})" : "";
        Console.Out.WriteLine($"wrote {output}: {choice.Label}{logProbMax}; {PyTorchExport.FunctionName}() in module {module}");
        return Task.FromResult(0);
    }
}
