using EvoPo.GpuWorker.Objectives;
using EvoPo.GpuWorker.Torch;
using EvoPo.Simulation.Random;
using TorchSharp;
using static TorchSharp.torch;
using static EvoPo.GpuWorker.Tests.Objectives.TestTensors;

namespace EvoPo.GpuWorker.Tests.Objectives;

/// <summary>
/// Every objective of the zoo (and the MPO family in several layouts) against <see cref="ReferenceLosses"/>: loss and
/// gradients with respect to ℓ_w, ℓ_l, ℓ^ref_w, ℓ^ref_l, ℓ^μ_w, ℓ^μ_l, in float64, to 1e-5 relative, on random inputs
/// that include the extremes (ℓ_w − ℓ_l, ℓ − ℓ^ref and ℓ − ℓ^μ of ±50, T_w ≠ T_l, T from 1 to 80).
/// </summary>
public sealed class ReferenceTests
{
    private const double LogProbMax = 3.0;
    private const int Agents = 3, PairsPerAgent = 6;

    public ReferenceTests() => TorchRuntime.EnsureLoaded();

    /// <summary>A zoo name, or an MPO name with the functions it learns in brackets.</summary>
    private static readonly string[] CaseNames =
    [
        .. ObjectiveCatalog.Names.Where(n => !n.StartsWith("mpo-", StringComparison.Ordinal)),
        "mpo-1s[]", "mpo-1s[phi]", "mpo-1s[psi]", "mpo-1s[g]", "mpo-1s[phi,psi]", "mpo-1s[phi,psi,g]",
        "mpo-2s[]", "mpo-2s[phi]", "mpo-2s[psi]", "mpo-2s[phi,g]", "mpo-2s[phi,psi,g]",
    ];

    public static TheoryData<string> Cases() => [.. CaseNames];

    [Fact]
    public void Every_catalog_objective_has_a_reference_case()
    {
        var covered = CaseNames.Select(c => c.Split('[')[0]).ToHashSet();
        Assert.All(ObjectiveCatalog.Names, name => Assert.Contains(name, covered));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_and_gradients_match_the_float64_reference(string testCase)
    {
        using var scope = NewDisposeScope();
        var name = testCase.Split('[')[0];
        var rng = CounterRng.Create(42, (ulong)testCase.Sum(c => (int)c)).Stream();
        var inputs = RandomInputs(rng);
        var specs = Enumerable.Range(0, Agents).Select(_ => RandomSpec(testCase, rng)).ToArray();

        // Production: one batched objective for the three agents, autograd on every log-prob input.
        var leaves = inputs.Values.Select(v => T(v, Agents, PairsPerAgent).requires_grad_(true)).ToArray();
        var pairs = new PairLogProbs(leaves[0], leaves[1], T(inputs.Tw, Agents, PairsPerAgent), T(inputs.Tl, Agents, PairsPerAgent),
            leaves[2], leaves[3], LogProbMax, leaves[4], leaves[5]);
        using var objective = ObjectiveCatalog.Create(specs, Cpu, ScalarType.Float64);
        var loss = objective.PairLoss(pairs);
        loss.sum().backward();
        var values = Doubles(loss);
        var gradients = leaves.Select(l => l.grad is { } g ? Doubles(g) : new double[Agents * PairsPerAgent]).ToArray();

        for (var a = 0; a < Agents; a++)
        {
            var h = WithDefaults(specs[a]);
            var parameters = specs[a].Parameters;
            var reference = ReferenceLosses.Losses(name, h, parameters, Row(inputs, a, seed: -1));
            for (var j = 0; j < PairsPerAgent; j++)
            {
                var i = a * PairsPerAgent + j;
                AssertClose(reference[j].V, values[i], 1e-5, $"{testCase} loss[{i}]");
                for (var v = 0; v < InputNames.Length; v++)
                {
                    // ∂(Σ losses)/∂ input v of pair j: seed that input, sum the row's derivatives.
                    var seeded = ReferenceLosses.Losses(name, h, parameters, Row(inputs, a, seed: v * PairsPerAgent + j));
                    AssertClose(seeded.Sum(x => x.D), gradients[v][i], 1e-5, $"{testCase} ∂/∂{InputNames[v]}[{i}] (T_w {inputs.Tw[i]}, T_l {inputs.Tl[i]})");
                }
            }
        }
    }

    private static readonly string[] InputNames = ["ℓ_w", "ℓ_l", "ℓ^ref_w", "ℓ^ref_l", "ℓ^μ_w", "ℓ^μ_l"];

    private sealed record Inputs(double[][] Values, double[] Tw, double[] Tl);

    /// <summary>
    /// Per pair: lengths 1..80 with T_w ≠ T_l; mean log-probs below ℓ_max (p ≤ e^-0.05); every third pair with
    /// ℓ_w − ℓ_l = +50, every third with −50; references and behaviour log-probs within ±3 of ℓ, or ±50 on alternate pairs.
    /// </summary>
    private static Inputs RandomInputs(RngStream rng)
    {
        const int n = Agents * PairsPerAgent;
        double Uniform(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var values = Enumerable.Range(0, 6).Select(_ => new double[n]).ToArray();
        var (tw, tl) = (new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            double lw, ll;
            do
            {
                tw[i] = 1 + rng.NextInt(80);
                tl[i] = 1 + rng.NextInt(80);
                lw = tw[i] * Uniform(LogProbMax - 30, LogProbMax - 0.05);
                ll = (i % 3) switch { 0 => tl[i] * Uniform(LogProbMax - 30, LogProbMax - 0.05), 1 => lw - 50, _ => lw + 50 };
            }
            while (tw[i] == tl[i] || ll / tl[i] > LogProbMax - 0.05);
            var spread = i % 2 == 0 ? 3.0 : 50.0;
            values[0][i] = lw;
            values[1][i] = ll;
            values[2][i] = lw - Uniform(-spread, spread);
            values[3][i] = ll - Uniform(-spread, spread);
            values[4][i] = lw - (i % 2 == 0 ? Uniform(-3, 3) : (i % 4 == 1 ? 50 : -50));
            values[5][i] = ll - Uniform(-spread, spread);
        }
        // References are log-probs too: keep their means below ℓ_max (2S-MPO maps them into the probability domain).
        for (var i = 0; i < n; i++)
        {
            values[2][i] = Math.Min(values[2][i], tw[i] * (LogProbMax - 0.05));
            values[3][i] = Math.Min(values[3][i], tl[i] * (LogProbMax - 0.05));
        }
        return new Inputs(values, tw, tl);
    }

    /// <summary>Agent a's pairs as duals; the input with flat index <paramref name="seed"/> (input·M + pair) carries derivative 1.</summary>
    private static ReferenceLosses.Pair[] Row(Inputs inputs, int a, int seed) =>
        Enumerable.Range(0, PairsPerAgent).Select(j =>
        {
            var i = a * PairsPerAgent + j;
            Dual D(int v) => new(inputs.Values[v][i], v * PairsPerAgent + j == seed ? 1 : 0);
            return new ReferenceLosses.Pair(D(0), D(1), inputs.Tw[i], inputs.Tl[i], D(2), D(3), D(4), D(5), LogProbMax);
        }).ToArray();

    /// <summary>
    /// Each agent of the group its own hyperparameters, as in a mixed ES batch: continuous ones at 0.5–1.5× their
    /// defaults, 0/1 switches at random; MPO functions from the case with random networks (explicit flags).
    /// </summary>
    internal static ObjectiveSpec RandomSpec(string testCase, RngStream rng)
    {
        var name = testCase.Split('[')[0];
        string[] switches = ["phiBase", "psiBase", "perTrajectory", "sftSet", "inputLog"];
        var hyper = new Dictionary<string, double>();
        foreach (var (key, value) in ObjectiveCatalog.Defaults(name))
        {
            if (key.StartsWith("learn", StringComparison.Ordinal)) continue;
            hyper[key] = switches.Contains(key) ? rng.NextInt(2)
                : key == "sftWeight" ? 2 * rng.NextDouble()
                : key == "inputTemperature" ? 1 + 7 * rng.NextDouble()
                : key == "inputCenter" ? -10 * rng.NextDouble()
                : value * (0.5 + rng.NextDouble());
        }
        if (!testCase.Contains('[')) return new ObjectiveSpec(name, hyper);
        var learned = testCase.Split('[')[1].TrimEnd(']').Split(',', StringSplitOptions.RemoveEmptyEntries);
        hyper["learnPhi"] = learned.Contains("phi") ? 1 : 0;
        hyper["learnPsi"] = learned.Contains("psi") ? 1 : 0;
        hyper["learnG"] = learned.Contains("g") ? 1 : 0;
        var parameters = Enumerable.Range(0, learned.Length * MonotoneNetwork.ParameterCount).Select(_ => 0.3 * rng.NextGaussian()).ToArray();
        return new ObjectiveSpec(name, hyper, parameters);
    }
}
