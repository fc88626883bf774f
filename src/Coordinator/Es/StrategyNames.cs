namespace EvoPo.Coordinator.Es;

/// <summary>A strategy's name as config, journal envelopes and reports spell it (openai-es, pgpe, snes, sep-cma-es, cma-es).</summary>
public static class StrategyNames
{
    public static string Of(StrategyKind kind) => kind switch
    {
        StrategyKind.OpenAiEs => "openai-es",
        StrategyKind.Pgpe => "pgpe",
        StrategyKind.Snes => "snes",
        StrategyKind.SepCmaEs => "sep-cma-es",
        StrategyKind.CmaEs => "cma-es",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown strategy."),
    };

    public static IReadOnlyList<string> All => Enum.GetValues<StrategyKind>().Select(Of).ToArray();

    public static bool TryParse(string name, out StrategyKind kind)
    {
        foreach (var candidate in Enum.GetValues<StrategyKind>())
        {
            if (Of(candidate) != name) continue;
            kind = candidate;
            return true;
        }
        kind = default;
        return false;
    }
}
