namespace EvoPo.Coordinator.Es;

/// <summary>
/// An evolution strategy as pure ask/tell (the evosax shape): no hidden state, so the caller persists the
/// <see cref="EsState"/> (<see cref="EsStateCodec"/>) and any process can continue the run.
/// </summary>
public interface IStrategy
{
    StrategyKind Kind { get; }

    /// <summary>Population size: <see cref="Ask"/> returns this many candidates and <see cref="Tell"/> wants this many fitness values.</summary>
    int Population { get; }

    EsState Initialize(double[] initialMean);

    /// <summary>The candidates of <paramref name="state"/>'s generation; the same state always gives the same candidates.</summary>
    double[][] Ask(EsState state);

    /// <summary>
    /// Updates the search from the fitness (higher is better) of <paramref name="candidates"/>, which must be what
    /// <see cref="Ask"/> returned for <paramref name="state"/> (passed back so they are not sampled twice), in candidate order.
    /// </summary>
    EsTellResult Tell(EsState state, double[][] candidates, ReadOnlySpan<double> fitness);
}
