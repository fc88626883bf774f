namespace EvoPo.Simulation.Policies;

/// <summary>
/// K policies of one shape acting on one batch of rows: rows groupOffsets[k] .. groupOffsets[k+1]-1 belong to
/// policy k. <see cref="Mean"/> is one forward over all rows, layer by layer (each layer is one pass over every
/// group's rows with that group's weights), and gives bit for bit what each policy's own
/// <see cref="GaussianMlp.Mean"/> gives for its rows. Holds scratch buffers: one thread at a time.
/// </summary>
public sealed class PolicyBatch
{
    private readonly IReadOnlyList<GaussianMlp> _policies;
    private float[] _bufferA = [];
    private float[] _bufferB = [];
    private float[] _normalized = [];

    public PolicyBatch(IReadOnlyList<GaussianMlp> policies)
    {
        if (policies.Count == 0) throw new ArgumentException("need at least one policy", nameof(policies));
        foreach (var p in policies)
            if (!p.Shape.Equals(policies[0].Shape))
                throw new ArgumentException($"all policies of a batch need one shape: {policies[0].Shape} and {p.Shape}", nameof(policies));
        _policies = policies;
        Shape = policies[0].Shape;
    }

    public PolicyShape Shape { get; }

    public int Count => _policies.Count;

    public GaussianMlp this[int k] => _policies[k];

    /// <summary>Batched forwards run so far (one per <see cref="Mean"/> call).</summary>
    public long ForwardCount { get; private set; }

    /// <summary>Action means of every row: [rows, ObsDim] → [rows, ActDim], rows = groupOffsets[^1].</summary>
    public void Mean(ReadOnlySpan<float> observations, ReadOnlySpan<int> groupOffsets, Span<float> means)
    {
        var shape = Shape;
        if (groupOffsets.Length != Count + 1 || groupOffsets[0] != 0)
            throw new ArgumentException($"need {Count + 1} group offsets starting at 0", nameof(groupOffsets));
        var rows = groupOffsets[^1];
        if (observations.Length < rows * shape.ObsDim) throw new ArgumentException($"need {rows * shape.ObsDim} observation values", nameof(observations));
        if (means.Length < rows * shape.ActDim) throw new ArgumentException($"need room for {rows * shape.ActDim} means", nameof(means));
        if (_bufferA.Length < rows * shape.MaxWidth)
        {
            _bufferA = new float[rows * shape.MaxWidth];
            _bufferB = new float[rows * shape.MaxWidth];
        }
        ForwardCount++;
        var input = Normalized(observations[..(rows * shape.ObsDim)], groupOffsets);
        for (var l = 0; l < shape.LayerCount; l++)
        {
            var last = l == shape.LayerCount - 1;
            int nIn = shape.LayerInput(l), nOut = shape.LayerOutput(l);
            var output = last ? means[..(rows * nOut)] : (l % 2 == 0 ? _bufferA : _bufferB).AsSpan(0, rows * nOut);
            for (var k = 0; k < Count; k++)
            {
                var from = groupOffsets[k];
                var n = groupOffsets[k + 1] - from;
                if (n == 0) continue;
                GaussianMlp.Dense(_policies[k].Parameters, input.Slice(from * nIn, n * nIn), n, nIn, nOut, shape.WeightOffset(l), shape.BiasOffset(l),
                    output.Slice(from * nOut, n * nOut));
            }
            if (!last)
                for (var i = 0; i < output.Length; i++) output[i] = MathF.Tanh(output[i]);
            input = output;
        }
    }

    /// <summary>The first layer's input: the raw rows, with each normalizing policy's rows replaced by its normalized ones.</summary>
    private ReadOnlySpan<float> Normalized(ReadOnlySpan<float> observations, ReadOnlySpan<int> groupOffsets)
    {
        var any = false;
        foreach (var p in _policies) any |= p.Normalizer is not null;
        if (!any) return observations;
        if (_normalized.Length < observations.Length) _normalized = new float[observations.Length];
        observations.CopyTo(_normalized);
        var obsDim = Shape.ObsDim;
        for (var k = 0; k < Count; k++)
        {
            var from = groupOffsets[k];
            var n = groupOffsets[k + 1] - from;
            if (n == 0 || _policies[k].Normalizer is not { } normalizer) continue;
            var rows = _normalized.AsSpan(from * obsDim, n * obsDim);
            normalizer.Apply(rows, n, rows);
        }
        return _normalized.AsSpan(0, observations.Length);
    }
}
