using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EvoPo.GpuWorker.Objectives;

namespace EvoPo.GpuWorker.Export;

/// <summary>
/// An objective as one self-contained Python file that depends on torch only: a docstring (<see cref="ExportDocstring"/>),
/// the hyperparameters, ℓ_max and the learned parameters as module constants, and <c>evopo_loss(...)</c>, the per-pair
/// loss over per-sequence summed log-probs and lengths (<see cref="LossArguments"/>), whose body is the objective's
/// <see cref="PythonLoss"/>. In float64 it computes what <see cref="Analysis.ObjectiveProbe"/> (<c>evopo objective eval</c>)
/// computes, operation by operation.
/// </summary>
public static partial class PyTorchExport
{
    public const string FunctionName = "evopo_loss";

    /// <param name="logProbMax">ℓ_max of the policy the objective was searched or evaluated with (math.md §1).</param>
    /// <param name="moduleName">The module's import name, for the docstring's TRL snippet.</param>
    /// <exception cref="ArgumentException">The spec is not a valid catalog objective, a number is not finite, or the module name is not a Python identifier.</exception>
    public static string Module(ObjectiveSpec spec, double logProbMax, ExportOrigin origin, string moduleName)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(origin);
        ObjectiveCatalog.Validate(spec);
        if (!double.IsFinite(logProbMax)) throw new ArgumentException($"ℓ_max must be finite, got {logProbMax.ToString(CultureInfo.InvariantCulture)}", nameof(logProbMax));
        if (!IsModuleName(moduleName)) throw new ArgumentException($"'{moduleName}' is not a Python module name", nameof(moduleName));
        if (spec.Parameters is { } parameters && Array.FindIndex(parameters, p => !double.IsFinite(p)) is var bad and >= 0)
            throw new ArgumentException($"learned parameter {bad} is {parameters[bad].ToString(CultureInfo.InvariantCulture)}, not a finite number", nameof(spec));

        var loss = PythonLosses.For(spec.Name);
        var docstring = ExportDocstring.Build(spec, logProbMax, origin, moduleName).Replace("\"\"\"", "'''", StringComparison.Ordinal);
        var file = new StringBuilder();
        file.Append("r\"\"\"").Append(docstring).Append("\"\"\"\n\n");
        file.Append("import math\n\nimport torch\nimport torch.nn.functional as F\n\n");
        file.Append(Constants(spec, loss, logProbMax)).Append("\n\n");
        var functions = new List<string> { Function(spec, loss) };
        if (loss.ReadsLogProbMax) functions.AddRange(PythonMpo.ProbabilityDomainFunctions());
        if (PythonLosses.IsMpo(spec.Name)) functions.AddRange(PythonMpo.Functions(spec));
        file.AppendJoin("\n\n\n", functions.Select(f => f.TrimEnd('\n'))).Append('\n');
        return file.ToString();
    }

    private static string Constants(ObjectiveSpec spec, PythonLoss loss, double logProbMax)
    {
        var effective = ExportDocstring.Effective(spec);
        var text = new StringBuilder();
        text.Append("OBJECTIVE = ").Append(PythonLiterals.String(spec.Name)).Append('\n');
        text.Append("HYPERPARAMETERS = {")
            .AppendJoin(", ", effective.Select(kv => $"{PythonLiterals.String(kv.Key)}: {PythonLiterals.Float(kv.Value)}"))
            .Append("}\n");
        foreach (var (key, value) in effective) text.Append(PythonLiterals.ConstantName(key)).Append(" = ").Append(PythonLiterals.Float(value)).Append('\n');
        if (loss.ReadsLogProbMax) text.Append("LOG_PROB_MAX = ").Append(PythonLiterals.Float(logProbMax)).Append('\n');
        if (spec.Parameters is { Length: > 0 } parameters)
            text.Append("PARAMETERS = ").Append(PythonLiterals.FloatTuple(parameters)).Append('\n');
        return text.ToString();
    }

    /// <summary>evopo_loss: the inputs as tensors of one floating dtype, the quantities the body reads, then the body.</summary>
    private static string Function(ObjectiveSpec spec, PythonLoss loss)
    {
        var body = string.Join("\n", loss.Body);
        var lines = new List<string>
        {
            $"def {FunctionName}({LossArguments.Signature(spec.Name)}):",
            $"    \"\"\"Per-pair losses of {spec.Name}: {loss.Formula}. See the module docstring.\"\"\"",
            "    dtype = torch.float64 if policy_chosen_logps.dtype == torch.float64 else torch.float32",
            "    chosen = policy_chosen_logps.to(dtype)",
            "    rejected = policy_rejected_logps.to(dtype)",
            "    chosen_lengths = torch.as_tensor(chosen_lengths, device=chosen.device).to(dtype)",
            "    rejected_lengths = torch.as_tensor(rejected_lengths, device=chosen.device).to(dtype)",
        };
        if (ObjectiveCatalog.IsTwoStep(spec.Name))
            lines.AddRange(["    chosen_ref = reference_chosen_logps.to(dtype)", "    rejected_ref = reference_rejected_logps.to(dtype)"]);
        if (ObjectiveCatalog.NeedsBehaviourLogProbs(spec.Name))
            lines.AddRange(["    chosen_behaviour = chosen_behaviour_logps.to(dtype)", "    rejected_behaviour = rejected_behaviour_logps.to(dtype)"]);
        if (body.Contains("chosen_mean", StringComparison.Ordinal)) lines.Add("    chosen_mean = chosen / chosen_lengths");
        if (body.Contains("rejected_mean", StringComparison.Ordinal)) lines.Add("    rejected_mean = rejected / rejected_lengths");
        if (PythonLosses.IsMpo(spec.Name))
            lines.Add(spec.Parameters is { Length: > 0 }
                ? "    params = torch.tensor(PARAMETERS, dtype=dtype, device=chosen.device)"
                : "    params = None  # no learned function: every MPO function is its base");
        lines.AddRange(loss.Body.Select(l => "    " + l));
        return string.Join("\n", lines);
    }

    /// <summary>Whether Python can import a module by this name (an identifier).</summary>
    public static bool IsModuleName(string name) => Identifier().IsMatch(name);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
