using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>
/// Marks a unit of a pretraining run: its candidates are policies, not objectives. Candidate i's policy parameters are
/// its objective's <see cref="CandidateObjective.Parameters"/> (objective name <see cref="ObjectiveName"/>), with the
/// shape, std floor and distribution of the plan's <see cref="TrainingPlan.InitialAgent"/>; the worker only rolls them
/// out on the plan's evaluation episodes (no training, no dataset) and returns, per candidate, the mean return minus
/// <paramref name="AliveShift"/> × the mean episode length.
/// </summary>
/// <param name="ObservationMean">With <paramref name="ObservationStd"/>: the frozen observation normalization every candidate acts with; null for none.</param>
/// <param name="RecordObservations">Return each candidate's observation statistics over its episodes (<see cref="UnitResult.Observations"/>).</param>
[MessagePackObject]
public sealed record PolicyRollout(
    [property: Key(0)] double AliveShift,
    [property: Key(1)] float[]? ObservationMean,
    [property: Key(2)] float[]? ObservationStd,
    [property: Key(3)] bool RecordObservations)
{
    public const string ObjectiveName = "policy";
}
