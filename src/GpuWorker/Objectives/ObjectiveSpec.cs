namespace EvoPo.GpuWorker.Objectives;

/// <summary>
/// One candidate's objective as the work unit carries it: a catalog name (see <see cref="ObjectiveCatalog"/>),
/// hyperparameters that override the math.md defaults, and for learned objectives (mpo-1s, mpo-2s) the ES parameter
/// vector. Missing hyperparameters take their defaults; unknown ones are refused.
/// </summary>
public sealed record ObjectiveSpec(string Name, IReadOnlyDictionary<string, double> Hyperparameters, double[]? Parameters = null)
{
    /// <summary>The named objective with all hyperparameters at their defaults and no learned parameters.</summary>
    public static ObjectiveSpec Default(string name) => new(name, new Dictionary<string, double>(), null);
}
