using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Pretrain;

/// <summary>
/// After generation <paramref name="Generation"/> (1-based: generations completed) of <paramref name="Generations"/>.
/// </summary>
/// <param name="MeanPolicyReturn">Return of the ES mean (the policy being trained) on this generation's episodes.</param>
/// <param name="Population">Fitness statistics of the generation's candidates.</param>
/// <param name="State">The ES state to continue from (what a checkpoint stores).</param>
public sealed record PretrainProgress(int Generation, int Generations, double MeanPolicyReturn, GenerationStats Population, double Sigma, EsState State);
