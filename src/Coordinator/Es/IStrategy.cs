namespace EvoPo.Coordinator.Es;

/// <summary>
/// An evolution strategy as pure ask/tell (the evosax shape): no hidden state, so the caller persists
/// <see cref="EsState"/> and any process can continue the run.
/// </summary>
public interface IStrategy
{
    /// <summary>Population size: <see cref="Ask"/> returns this many candidates and <see cref="Tell"/> wants this many fitness values.</summary>
    int Population { get; }

    EsState Initialize(double[] initialMean);

    /// <summary>The candidates of <paramref name="state"/>'s generation; the same state always gives the same candidates.</summary>
    double[][] Ask(EsState state);

    /// <summary>Updates the search from the fitness of <see cref="Ask"/>'s candidates, in candidate order (higher is better).</summary>
    EsTellResult Tell(EsState state, ReadOnlySpan<double> fitness);
}
