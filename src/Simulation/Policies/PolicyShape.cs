namespace EvoPo.Simulation.Policies;

/// <summary>
/// Sizes of a Gaussian MLP policy and offsets into its flat parameter vector (docs/design.md "Policies"):
/// per layer W_l [in, out] row-major then b_l [out]; after the last layer logStd [ActDim].
/// </summary>
public sealed record PolicyShape
{
    private readonly int[] _hidden;

    public PolicyShape(int ObsDim, int[] Hidden, int ActDim)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ObsDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ActDim);
        ArgumentNullException.ThrowIfNull(Hidden);
        foreach (var h in Hidden)
            if (h <= 0) throw new ArgumentException($"hidden sizes must be positive, got [{string.Join(", ", Hidden)}]", nameof(Hidden));
        this.ObsDim = ObsDim;
        this.ActDim = ActDim;
        _hidden = (int[])Hidden.Clone();
        // Checked: 65536 × 65536 hidden units would wrap an int into a small, plausible-looking count.
        long count = ActDim;
        for (var l = 0; l < LayerCount; l++) count += (long)LayerInput(l) * LayerOutput(l) + LayerOutput(l);
        if (count > MaxParameters)
            throw new ArgumentException($"[{string.Join(", ", Hidden)}] hidden units make {count} parameters, more than the {MaxParameters} a policy may have", nameof(Hidden));
        ParameterCount = (int)count;
    }

    /// <summary>Policies here have thousands of parameters; 2^28 floats (1 GiB) is a safe ceiling for one flat vector.</summary>
    public const int MaxParameters = 1 << 28;

    public int ObsDim { get; }

    public int ActDim { get; }

    /// <summary>A copy, so the shape stays immutable.</summary>
    public int[] Hidden => (int[])_hidden.Clone();

    public int ParameterCount { get; }

    /// <summary>Hidden layers plus the linear output layer.</summary>
    public int LayerCount => _hidden.Length + 1;

    public int LayerInput(int layer) => layer == 0 ? ObsDim : _hidden[layer - 1];

    public int LayerOutput(int layer) => layer == _hidden.Length ? ActDim : _hidden[layer];

    public int WeightOffset(int layer)
    {
        var offset = 0;
        for (var l = 0; l < layer; l++) offset += LayerInput(l) * LayerOutput(l) + LayerOutput(l);
        return offset;
    }

    public int BiasOffset(int layer) => WeightOffset(layer) + LayerInput(layer) * LayerOutput(layer);

    public int LogStdOffset => ParameterCount - ActDim;

    /// <summary>The widest layer, for sizing scratch buffers.</summary>
    public int MaxWidth => Math.Max(ObsDim, Math.Max(ActDim, _hidden.Length == 0 ? 0 : _hidden.Max()));

    public bool Equals(PolicyShape? other) =>
        other is not null && ObsDim == other.ObsDim && ActDim == other.ActDim && _hidden.AsSpan().SequenceEqual(other._hidden);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ObsDim);
        hash.Add(ActDim);
        foreach (var h in _hidden) hash.Add(h);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{ObsDim}-[{string.Join(",", _hidden)}]-{ActDim}";
}
