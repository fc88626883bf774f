using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// The learned monotone correction of math.md §3, evaluated for K agents at once, each with its own parameters:
/// N(x) = Σ_{j=1..126} v_j a_j(w_j x + b_j) + a·x with v, w, a ≥ 0.
/// <para>
/// Layout of one function's 379 parameters (the ES vector slice): <c>[0, 126)</c> raw v, <c>[126, 252)</c> raw w,
/// <c>[252, 378)</c> b (unconstrained), <c>[378]</c> raw a. Units come in six blocks of 21 in this order:
/// x³, x·|x|, sqrt(max(x,0)), cbrt(max(x,0)), log(max(x,0) + 1e-3), exp(min(x,10)).
/// </para>
/// <para>
/// Non-negativity is v = max(raw, 0) (likewise w, a). We need raw = 0 ⇒ N ≡ 0 exactly (the ES starts at the
/// zero vector and must start exactly at ORPO/DPO), which softplus cannot give without going negative. A
/// square would also give it, but is even in raw: the antithetic pair ±σε around the zero mean would then build
/// the same network, score the same, and the ES gradient there would be exactly zero forever. The ReLU map is
/// asymmetric, so the search can leave zero.
/// </para>
/// </summary>
public static class MonotoneNetwork
{
    public const int HiddenUnits = 126;
    public const int UnitsPerActivation = HiddenUnits / 6;
    public const int ParameterCount = 3 * HiddenUnits + 1;

    /// <summary>N(x) for <paramref name="x"/> <c>[K, M]</c> with <paramref name="parameters"/> <c>[K, 379]</c>; returns <c>[K, M]</c>.</summary>
    public static Tensor Evaluate(Tensor parameters, Tensor x)
    {
        var v = parameters.narrow(1, 0, HiddenUnits).relu().unsqueeze(1);
        var w = parameters.narrow(1, HiddenUnits, HiddenUnits).relu().unsqueeze(1);
        var b = parameters.narrow(1, 2 * HiddenUnits, HiddenUnits).unsqueeze(1);
        var a = parameters.narrow(1, 3 * HiddenUnits, 1).relu();
        var z = x.unsqueeze(-1) * w + b;
        var hidden = cat([
            Block(z, 0).pow(3),
            Block(z, 1) * Block(z, 1).abs(),
            PositiveRoot(Block(z, 2), 0.5),
            PositiveRoot(Block(z, 3), 1.0 / 3.0),
            (Block(z, 4).relu() + 1e-3).log(),
            Block(z, 5).clamp_max(10).exp(),
        ], 2);
        return (hidden * v).sum(-1) + a * x;
    }

    private static Tensor Block(Tensor z, int index) => z.narrow(2, index * UnitsPerActivation, UnitsPerActivation);

    /// <summary>
    /// max(x, 0)^power with a finite gradient everywhere: the root's derivative is infinite at 0, and
    /// sqrt(relu(x)) would multiply it by relu's zero there to give NaN; the inner where keeps the root away from 0.
    /// </summary>
    private static Tensor PositiveRoot(Tensor x, double power)
    {
        var positive = x > 0;
        var safe = where(positive, x, ones_like(x));
        return where(positive, safe.pow(power), zeros_like(x));
    }
}
