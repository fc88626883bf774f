using EvoPo.Coordinator.Es;
using EvoPo.Simulation.Policies;

namespace EvoPo.Coordinator.Pretrain;

/// <param name="Agent">The ES mean after the last generation, with provenance.</param>
/// <param name="State">Final ES state (continue from it with more generations).</param>
/// <param name="FinalReturn">Mean return on held-out episodes of the training task, in the settings' evaluation mode.</param>
public sealed record PretrainResult(Agent Agent, EsState State, double FinalReturn);
