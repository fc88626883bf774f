namespace EvoPo.Coordinator.Es;

/// <summary>Builds the strategy that <see cref="EsSettings.Strategy"/> names.</summary>
public static class Strategies
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when the settings do not fit a search of <paramref name="dimension"/> parameters.</summary>
    public static IStrategy Create(EsSettings settings, ulong runSeed, int dimension)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Strategy switch
        {
            StrategyKind.OpenAiEs => new OpenAiEs(settings, runSeed, dimension),
            StrategyKind.Pgpe => new Pgpe(settings, runSeed, dimension),
            StrategyKind.Snes => new Snes(settings, runSeed, dimension),
            StrategyKind.SepCmaEs => new SepCmaEs(settings, runSeed, dimension),
            StrategyKind.CmaEs => new CmaEs(settings, runSeed, dimension),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Strategy, "Unknown strategy."),
        };
    }
}
