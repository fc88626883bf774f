using System.Globalization;
using System.Text.RegularExpressions;
using EvoPo.GpuWorker.Export;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Random;

namespace EvoPo.GpuWorker.Tests.Export;

/// <summary>
/// The PyTorch export as text: every catalog objective has its Python, numbers are written so Python reads back the same
/// doubles, the signature asks for what the loss reads, the docstring says where the loss comes from and how to use it,
/// and bad specs are refused. That the Python computes what EvoPO computes is Coordinator.Tests' PyTorchExportEqualityTests
/// (it needs python3-torch).
/// </summary>
public sealed partial class PyTorchExportTests
{
    private const double LogProbMax = 26.781802998019554;

    private static readonly ExportOrigin Origin = new(
        "The mpo-1s loss discovered by EvoPO run r1: its final ES mean", ["Run r1: meanDigest abc."], "the run's start agent", "evopo objective eval --best b.json");

    [Fact]
    public void Every_catalog_objective_has_a_python_form()
    {
        Assert.Equal(ObjectiveCatalog.Names.Order(), PythonLosses.Names.Order());
        Assert.Contains("has no PyTorch export", Assert.Throws<ArgumentException>(() => PythonLosses.For("kto")).Message);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(-0.0)]
    [InlineData(3.0)]
    [InlineData(-2.0)]
    [InlineData(1.0 / 3.0)]
    [InlineData(1e-300)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    [InlineData(-123456789012345678.0)]
    public void Float_literals_are_python_floats_that_read_back_as_the_same_double(double value)
    {
        var text = PythonLiterals.Float(value);
        Assert.Matches("^-?[0-9]+(\\.[0-9]+)?(E[-+]?[0-9]+)?$|^-?[0-9]+\\.[0-9]+$", text);
        Assert.True(text.Contains('.') || text.Contains('E'), $"{text} would be a Python int");
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Non_finite_numbers_and_names_python_cannot_import_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PythonLiterals.Float(double.NaN));
        var parameters = Random(3 * MonotoneNetwork.ParameterCount);
        parameters[5] = double.PositiveInfinity;
        var e = Assert.Throws<ArgumentException>(() => PyTorchExport.Module(Mpo(parameters), LogProbMax, Origin, "loss"));
        Assert.Contains("learned parameter 5 is Infinity, not a finite number", e.Message);
        Assert.Throws<ArgumentException>(() => PyTorchExport.Module(ObjectiveSpec.Default("dpo"), LogProbMax, Origin, "my-loss"));
        Assert.Throws<ArgumentException>(() => PyTorchExport.Module(ObjectiveSpec.Default("orpo"), double.NaN, Origin, "loss"));
    }

    [Fact]
    public void Invalid_specs_are_refused_with_the_catalogs_message()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            PyTorchExport.Module(new ObjectiveSpec("dpo", new Dictionary<string, double> { ["gamma"] = 1 }), LogProbMax, Origin, "loss"));
        Assert.Contains("objective 'dpo' has no hyperparameter 'gamma'", e.Message);
        Assert.Throws<ArgumentException>(() => PyTorchExport.Module(Mpo(Random(10)), LogProbMax, Origin, "loss"));
    }

    [Fact]
    public void The_module_embeds_hyperparameters_l_max_and_every_learned_parameter_exactly()
    {
        var parameters = Random(3 * MonotoneNetwork.ParameterCount);
        var text = PyTorchExport.Module(Mpo(parameters), LogProbMax, Origin, "loss");

        var tuple = ParametersTuple().Match(text);
        Assert.True(tuple.Success);
        var embedded = tuple.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(parameters.Select(BitConverter.DoubleToInt64Bits), embedded.Select(BitConverter.DoubleToInt64Bits));
        Assert.Contains("\nLOG_PROB_MAX = 26.781802998019554\n", text);
        Assert.Contains("\nLAMBDA = 0.5\n", text);
        Assert.Contains("\nINPUT_CENTER = -60.0\n", text);
        Assert.Contains("\nMARGIN_SCALE = 1.0\n", text); // a default: every hyperparameter is written, not only the spec's
        foreach (var key in ObjectiveCatalog.Defaults("mpo-1s").Keys) Assert.Contains($"\"{key}\": ", text);
        Assert.Contains("params[0:379]", text);
        Assert.Contains("params[379:758]", text);
        Assert.Contains("params[758:1137]", text);
    }

    [Theory]
    [InlineData("sft", "policy_chosen_logps, policy_rejected_logps, chosen_lengths, rejected_lengths")]
    [InlineData("dpo", "policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps, chosen_lengths, rejected_lengths")]
    [InlineData("orpo", "policy_chosen_logps, policy_rejected_logps, chosen_lengths, rejected_lengths, log_prob_max=LOG_PROB_MAX")]
    [InlineData("maxpo", "policy_chosen_logps, policy_rejected_logps, chosen_lengths, rejected_lengths, chosen_behaviour_logps, rejected_behaviour_logps")]
    [InlineData("mpo-2s", "policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps, chosen_lengths, rejected_lengths, log_prob_max=LOG_PROB_MAX")]
    public void The_function_takes_references_only_for_two_step_losses_and_l_max_only_where_p_is_read(string name, string parameters)
    {
        var text = PyTorchExport.Module(ObjectiveSpec.Default(name), LogProbMax, Origin, "loss");
        Assert.Contains($"\ndef {PyTorchExport.FunctionName}({parameters}):\n", text);
        Assert.Equal(name is "orpo" or "mpo-2s", text.Contains("LOG_PROB_MAX = "));
        Assert.Equal(ObjectiveCatalog.IsTwoStep(name), text.Contains("reference_chosen_logps=ref_chosen_logps,"));
    }

    [Fact]
    public void The_docstring_says_where_the_loss_comes_from_which_l_max_it_uses_and_how_to_train_with_it_in_trl()
    {
        var text = PyTorchExport.Module(Mpo(Random(3 * MonotoneNetwork.ParameterCount)), LogProbMax, Origin, "discovered_loss");
        var docstring = text[..text.IndexOf("\nimport math", StringComparison.Ordinal)];
        Assert.StartsWith("r\"\"\"The mpo-1s loss discovered by EvoPO run r1: its final ES mean.\n", docstring);
        Assert.Contains("- Run r1: meanDigest abc.", docstring);
        Assert.Contains("`evopo objective eval --best b.json`", docstring);
        Assert.Contains("Learned parameters: PARAMETERS, 1137 values, the networks [phi, psi, g] of 379 values each", docstring);
        Assert.Contains("ℓ_max = 26.7818 is the largest per-step log-density", docstring);
        Assert.Contains("exact bound is ℓ_max = 0", docstring);
        Assert.Contains("log_prob_max=0.0", docstring);
        Assert.Contains("x = (log p + 60)/20, then see inputs 1.339 higher", docstring);
        Assert.Contains($"TRL {ExportDocstring.TrlVersion}", docstring);
        Assert.Contains("    from discovered_loss import evopo_loss\n", docstring);
        Assert.Contains("    class EvoPoDPOTrainer(DPOTrainer):\n", docstring);
        Assert.Contains("batch[\"chosen_attention_mask\"].sum(-1)", docstring);
        Assert.EndsWith("\"\"\"\n", docstring);

        var dpo = PyTorchExport.Module(ObjectiveSpec.Default("dpo"), LogProbMax, Origin, "loss");
        Assert.Contains("ℓ_max plays no part", dpo);
    }

    [Fact]
    public void Text_from_the_origin_cannot_end_the_docstring_early()
    {
        var origin = Origin with { Facts = ["a path with \"\"\" quotes and a \\ backslash \\"] };
        var text = PyTorchExport.Module(ObjectiveSpec.Default("sft"), LogProbMax, origin, "loss");
        var end = text.IndexOf("\"\"\"", 4, StringComparison.Ordinal);
        Assert.StartsWith("\"\"\"\n\nimport math", text[end..]);
        Assert.Contains("a path with ''' quotes", text);
    }

    private static ObjectiveSpec Mpo(double[] parameters) => new("mpo-1s", new Dictionary<string, double>
    {
        ["lambda"] = 0.5, ["inputLog"] = 1, ["inputCenter"] = -60, ["inputTemperature"] = 20, ["learnPhi"] = 1, ["learnPsi"] = 1, ["learnG"] = 1,
    }, parameters);

    private static double[] Random(int count)
    {
        var rng = CounterRng.Create(9, 1).Stream();
        return Enumerable.Range(0, count).Select(_ => 0.05 * rng.NextGaussian()).ToArray();
    }

    [GeneratedRegex(@"\nPARAMETERS = \(\n([^)]*)\)\n")]
    private static partial Regex ParametersTuple();
}
