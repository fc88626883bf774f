namespace EvoPo.GpuWorker.Export;

/// <summary>
/// Where an exported objective comes from, as the exported file's docstring tells it (the caller knows runs and
/// configs; the exporter does not).
/// </summary>
/// <param name="Title">The docstring's first sentence, e.g. "The loss discovered by EvoPO run 20261201-101500-3fa2c1 (its final ES mean)".</param>
/// <param name="Facts">Further lines: what was searched, on which task and dataset, the run id and meanDigest.</param>
/// <param name="LogProbMaxSource">Where ℓ_max comes from, e.g. "the run's start agent: tanh-gaussian, σ_min 0.05, 4 action dimensions".</param>
/// <param name="EvalCommand">The <c>evopo objective eval</c> command whose numbers the exported function reproduces.</param>
public sealed record ExportOrigin(string Title, IReadOnlyList<string> Facts, string LogProbMaxSource, string EvalCommand);
