using MessagePack;

namespace EvoPo.Messages.Work;

/// <summary>A work unit's identity: results are applied once per id, however often they arrive.</summary>
[MessagePackObject]
public sealed record UnitId(
    [property: Key(0)] string RunId,
    [property: Key(1)] int Generation,
    [property: Key(2)] int UnitIndex)
{
    /// <summary>Generation number used for the units of the final report (baselines and the discovered objective).</summary>
    public const int ReportGeneration = -1;

    [IgnoreMember]
    public string EntityId => $"{RunId}.{Generation}.{UnitIndex}";

    public override string ToString() => EntityId;
}
