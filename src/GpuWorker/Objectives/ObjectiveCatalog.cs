using TorchSharp;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// The objectives a candidate may name, their defaults (math.md §2–3), validation, and construction of one
/// batched <see cref="IObjective"/> for all agents that share a name.
/// </summary>
public static class ObjectiveCatalog
{
    private static readonly ObjectiveInfo[] All =
    [
        SftObjective.Info, DpoObjective.Info, IpoObjective.Info, RdpoObjective.Info, CpoObjective.Info, OrpoObjective.Info,
        SimpoObjective.Info, RrhfObjective.Info, SlicHfObjective.Info, LpoObjective.Info, ColpoObjective.Info, MaxpoObjective.Info,
        Mpo1sObjective.Info, Mpo2sObjective.Info,
    ];

    /// <summary>
    /// The range of a hyperparameter, the same in every objective that has it (math.md §2–3): a temperature or a
    /// scale is &gt; 0, a weight is ≥ 0. This is the one check: the search config, <c>report.hyperparameters</c>,
    /// <c>baselines</c> and <c>--hp</c> all validate through <see cref="Validate"/>.
    /// </summary>
    private static readonly Dictionary<string, (double Min, bool MinIncluded, double Max)> Ranges = new(StringComparer.Ordinal)
    {
        ["beta"] = (0, false, double.MaxValue),
        ["tau"] = (0, false, double.MaxValue),
        ["lambda"] = (0, true, 1000),
        ["inputTemperature"] = (0.01, true, 1000),
        ["sftWeight"] = (0, true, 1000),
    };

    private static readonly Dictionary<string, ObjectiveInfo> ByName = All.ToDictionary(i => i.Name, StringComparer.Ordinal);

    public static IReadOnlyList<string> Names { get; } = All.Select(i => i.Name).ToArray();

    /// <summary>The name of the objective trained in the first phase of two-step objectives.</summary>
    public static string SftName => SftObjective.Info.Name;

    public static IReadOnlyDictionary<string, double> Defaults(string name) => Find(name).Defaults;

    public static bool IsTwoStep(string name) => Find(name).IsTwoStep;

    /// <summary>The parameter-vector lengths the objective accepts (0: none).</summary>
    public static IReadOnlyList<int> ParameterLengths(string name) => Find(name).ParameterLengths;

    /// <summary>Whether the objective reads behaviour log-probs ℓ^μ (<see cref="PairLogProbs.ChosenBehaviour"/>), which the data must then hold.</summary>
    public static bool NeedsBehaviourLogProbs(string name) => Find(name).NeedsBehaviour;

    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong and what is allowed.</summary>
    public static void Validate(ObjectiveSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var info = Find(spec.Name);
        foreach (var (key, value) in spec.Hyperparameters)
        {
            if (!info.Defaults.ContainsKey(key))
                throw new ArgumentException(
                    $"objective '{spec.Name}' has no hyperparameter '{key}'; allowed: {Listing(info.Defaults.Keys)}", nameof(spec));
            if (!double.IsFinite(value))
                throw new ArgumentException($"objective '{spec.Name}': hyperparameter '{key}' must be finite, got {value}", nameof(spec));
            if (Ranges.TryGetValue(key, out var range) && !((range.MinIncluded ? value >= range.Min : value > range.Min) && value <= range.Max))
                throw new ArgumentException(FormattableString.Invariant(
                    $"objective '{spec.Name}': hyperparameter '{key}' must be {(range.MinIncluded ? "≥" : ">")} {range.Min}{(range.Max < double.MaxValue ? $" and ≤ {range.Max}" : "")}, got {value}"), nameof(spec));
        }
        var length = spec.Parameters?.Length ?? 0;
        if (!info.ParameterLengths.Contains(length))
            throw new ArgumentException(
                $"objective '{spec.Name}' takes a parameter vector of length {string.Join(" or ", info.ParameterLengths)}, got {length}", nameof(spec));
        if (info.Check?.Invoke(spec) is { } problem)
            throw new ArgumentException($"objective '{spec.Name}': {problem}", nameof(spec));
    }

    /// <summary>
    /// Specs with the same key can be rows of one <see cref="Create"/>d objective: the name, the parameter length and,
    /// for MPO, the learned functions. A trainer mixing objectives builds one objective per key.
    /// </summary>
    public static string BatchKey(ObjectiveSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var info = Find(spec.Name);
        var key = $"{spec.Name}/{spec.Parameters?.Length ?? 0}";
        return info.ParameterLengths.Any(l => l > 0) ? $"{key}/{MpoLayout.Of(spec)}" : key;
    }

    /// <summary>One objective evaluating all <paramref name="specs"/> (one <see cref="BatchKey"/>, any hyperparameters/parameters) as rows of a batch.</summary>
    public static IObjective Create(IReadOnlyList<ObjectiveSpec> specs, Device device, ScalarType dtype)
    {
        if (specs.Count == 0) throw new ArgumentException("at least one objective spec is needed", nameof(specs));
        foreach (var spec in specs) Validate(spec);
        var name = specs[0].Name;
        if (specs.Any(s => s.Name != name))
            throw new ArgumentException($"a batched objective needs one name, got {Listing(specs.Select(s => s.Name).Distinct())}", nameof(specs));
        if (specs.Select(s => s.Parameters?.Length ?? 0).Distinct().Count() > 1)
            throw new ArgumentException($"objective '{name}': all agents of a batch need parameter vectors of the same length", nameof(specs));
        var info = Find(name);
        return info.Create(new AgentColumns(specs, info.Defaults, device, dtype));
    }

    private static ObjectiveInfo Find(string name) =>
        ByName.TryGetValue(name ?? "", out var info)
            ? info
            : throw new ArgumentException($"unknown objective '{name}'; allowed: {Listing(ByName.Keys)}", nameof(name));

    private static string Listing(IEnumerable<string> names)
    {
        var list = names.ToArray();
        return list.Length == 0 ? "(none)" : string.Join(", ", list);
    }
}
