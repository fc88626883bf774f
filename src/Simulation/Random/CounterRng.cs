namespace EvoPo.Simulation.Random;

/// <summary>
/// Counter-based random numbers: every value is a pure function of (key, counter), so a draw keyed by
/// (run seed, generation, index) is the same on any machine, in any order, after any restart.
/// The key is derived by hashing a path of integers with SplitMix64's finalizer.
/// </summary>
public readonly record struct CounterRng(ulong Key)
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>A generator for the stream named by <paramref name="seed"/> and a path such as (generation, index).</summary>
    public static CounterRng Create(ulong seed, params ReadOnlySpan<ulong> path)
    {
        var rng = new CounterRng(Mix(seed ^ 0x5EED5EED5EED5EEDUL));
        foreach (var part in path) rng = rng.Fork(part);
        return rng;
    }

    /// <summary>An independent child stream, e.g. per candidate or per episode.</summary>
    public CounterRng Fork(ulong index) => new(Mix(Key ^ Mix(index + Golden)));

    public ulong UInt64At(ulong counter) => Mix(Key + (counter + 1) * Golden);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double UniformAt(ulong counter) => (UInt64At(counter) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by Box–Muller on counters 2c and 2c+1 (the cosine branch only, so draws stay independent of neighbours).</summary>
    public double GaussianAt(ulong counter)
    {
        var u1 = 1.0 - UniformAt(2 * counter); // (0, 1]: log stays finite
        var u2 = UniformAt(2 * counter + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public RngStream Stream() => new(this);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
