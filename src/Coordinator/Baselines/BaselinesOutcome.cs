using EvoPo.Coordinator.Config;

namespace EvoPo.Coordinator.Baselines;

/// <summary>What <see cref="BaselinesRunner"/> measured: per method × column the per-seed fitness, the reference agents, and the time it took.</summary>
public sealed record BaselinesOutcome(
    SearchConfig Config,
    IReadOnlyList<string> Methods,
    IReadOnlyList<BaselineColumn> Columns,
    IReadOnlyList<BaselineResult> Results,
    IReadOnlyList<(string Label, double Return)> References,
    IReadOnlyList<(BaselineColumn Column, double TrainSeconds, double EvalSeconds)> Timings,
    double WallSeconds)
{
    public BaselineResult Result(string method, BaselineColumn column) => Results.Single(r => r.Method == method && r.Column == column);
}
