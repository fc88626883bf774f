using System.Globalization;
using EvoPo.Coordinator.Objectives;
using EvoPo.GpuWorker.Export;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo objective export</c>: an objective as a self-contained PyTorch file, for training language models with it (TRL).</summary>
public sealed class ObjectiveExportCommand : ICliCommand
{
    private const string Format = "pytorch";
    private const string StdoutModule = "evopo_loss";

    public string Name => "objective export";

    public string Summary => "an objective (a catalog loss or a search's discovered one) as one Python file for PyTorch and TRL";

    public string Usage => $"""
        usage: evopo objective export (--objective <name> [--hp k=v,...] | --best <best.json> [--use mean|best]) [--format pytorch] [--out <file.py>] [options]

          --format pytorch        one Python file that needs torch only (the only format; the default)
          --out <file.py>         write it there (default: stdout); the file name less .py is the module name its TRL snippet imports
        {ObjectiveChoice.Options}
        The file defines {PyTorchExport.FunctionName}(policy_chosen_logps, policy_rejected_logps, [reference_chosen_logps, reference_rejected_logps,]
        chosen_lengths, rejected_lengths, ...) returning per-pair losses, with the learned parameters embedded; in float64 it equals
        `evopo objective eval` with the same options. Its docstring says where the loss comes from, how tokens stand in for trajectory
        steps (ℓ_max), and how to train with it in TRL (a DPOTrainer subclass; docs/objectives.md).

        examples:
          evopo objective export --best runs/20260101-120000-abcdef/best.json --out discovered_loss.py
          evopo objective export --objective dpo --hp beta=0.2 --out dpo_loss.py
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var choice = ObjectiveChoice.Read(args);
        var format = args.Option("format") ?? Format;
        var output = args.Option("out");
        args.EnsureAllUsed(0);
        if (format != Format) throw new UsageException(Name, $"--format must be {Format} (the only export format), got '{format}'");
        var module = output is null ? StdoutModule : Path.GetFileNameWithoutExtension(output);
        if (output is not null && (!output.EndsWith(".py", StringComparison.Ordinal) || !PyTorchExport.IsModuleName(module)))
            throw new UsageException(Name, $"--out must be a Python module file, a name of letters, digits and _ ending in .py (e.g. discovered_loss.py), got '{output}'");

        cancellation.ThrowIfCancellationRequested();
        var source = PyTorchExport.Module(choice.Spec, choice.LogProbMax, ExportOrigins.Of(choice), module);
        if (!TextOutput.Write(output, source)) return Task.FromResult(0);
        var logProbMax = PythonLosses.For(choice.Spec.Name).ReadsLogProbMax ? $", ℓ_max {choice.LogProbMax.ToString("G6", CultureInfo.InvariantCulture)} ({choice.LogProbMaxSource})" : "";
        Console.Out.WriteLine($"wrote {output}: {choice.Label}{logProbMax}; {PyTorchExport.FunctionName}() in module {module}");
        return Task.FromResult(0);
    }
}
