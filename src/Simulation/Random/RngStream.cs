namespace EvoPo.Simulation.Random;

/// <summary>A sequential reader over a <see cref="CounterRng"/>: convenient in loops, still a pure function of the key.</summary>
public sealed class RngStream(CounterRng rng)
{
    private ulong _counter;

    public CounterRng Rng { get; } = rng;

    public ulong NextUInt64() => Rng.UInt64At(_counter++);

    public double NextDouble() => Rng.UniformAt(_counter++);

    public double NextGaussian() => Rng.GaussianAt(_counter++);

    /// <summary>Uniform integer in [0, n) by rejection, so no value is favoured.</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)n;
        ulong x;
        do x = NextUInt64(); while (x >= limit);
        return (int)(x % (ulong)n);
    }

    /// <summary>Fisher–Yates permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++) p[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
