namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// Which MPO functions a parameter vector holds, in the fixed order φ⁻¹, ψ, g, each a <see cref="MonotoneNetwork"/>
/// of 379 values. Chosen by the hyperparameters <c>learnPhi</c>, <c>learnPsi</c>, <c>learnG</c> (each 0 or 1;
/// an unnamed one defaults to 1, 0, 0). When a spec names none of them, the layout follows the vector's length as
/// before these flags existed: 0 → none, 379 → φ⁻¹, 758 → φ⁻¹ and ψ, 1137 → all three.
/// </summary>
internal sealed record MpoLayout(bool Phi, bool Psi, bool G)
{
    public static readonly string[] FlagNames = ["learnPhi", "learnPsi", "learnG"];

    /// <summary>The flags' defaults as the catalog lists them.</summary>
    public static readonly (string Name, double Value)[] FlagDefaults = [("learnPhi", 1), ("learnPsi", 0), ("learnG", 0)];

    public static readonly IReadOnlyList<int> Lengths = [0, MonotoneNetwork.ParameterCount, 2 * MonotoneNetwork.ParameterCount, 3 * MonotoneNetwork.ParameterCount];

    public int Count => (Phi ? 1 : 0) + (Psi ? 1 : 0) + (G ? 1 : 0);

    public int Length => Count * MonotoneNetwork.ParameterCount;

    /// <summary>Offset of φ⁻¹, ψ, g in the vector (meaningful only for a learned function).</summary>
    public int PhiOffset => 0;

    public int PsiOffset => Phi ? MonotoneNetwork.ParameterCount : 0;

    public int GOffset => PsiOffset + (Psi ? MonotoneNetwork.ParameterCount : 0);

    public static MpoLayout Of(ObjectiveSpec spec)
    {
        var h = spec.Hyperparameters;
        if (!FlagNames.Any(h.ContainsKey))
        {
            var functions = (spec.Parameters?.Length ?? 0) / MonotoneNetwork.ParameterCount;
            return new MpoLayout(functions >= 1, functions >= 2, functions >= 3);
        }
        bool Flag(string name, double fallback) => (h.TryGetValue(name, out var v) ? v : fallback) == 1;
        return new MpoLayout(Flag("learnPhi", 1), Flag("learnPsi", 0), Flag("learnG", 0));
    }

    /// <summary>The problem with a spec's structural hyperparameters (0/1 flags, bases) and vector length, or null.</summary>
    public static string? Check(ObjectiveSpec spec)
    {
        foreach (var name in FlagNames.Concat(["phiBase", "psiBase", "perTrajectory", "inputLog"]))
            if (spec.Hyperparameters.TryGetValue(name, out var v) && v is not (0 or 1))
                return $"hyperparameter '{name}' must be 0 or 1, got {v}";
        if (spec.Hyperparameters.TryGetValue("sftWeight", out var w) && !(w >= 0))
            return $"hyperparameter 'sftWeight' must be ≥ 0, got {w}";
        if (spec.Hyperparameters.TryGetValue("marginScale", out var scale) && !(scale > 0))
            return $"hyperparameter 'marginScale' must be > 0, got {scale}";
        if (spec.Hyperparameters.TryGetValue("inputTemperature", out var t) && !(t > 0))
            return $"hyperparameter 'inputTemperature' must be > 0, got {t}";
        var layout = Of(spec);
        var length = spec.Parameters?.Length ?? 0;
        return length == layout.Length
            ? null
            : $"learns {layout} and so takes a parameter vector of length {layout.Length}, got {length}";
    }

    public override string ToString()
    {
        var names = new[] { (Phi, "phi"), (Psi, "psi"), (G, "g") }.Where(x => x.Item1).Select(x => x.Item2).ToArray();
        return "[" + string.Join(", ", names) + "]";
    }
}
