using System.Runtime.Serialization;

namespace EvoPo.Coordinator.Config;

/// <summary>Environment the agents are trained and evaluated on (<c>task.name</c>).</summary>
public enum TaskName
{
    Crawler,

    /// <summary>The crawler with a penalty on its fourth leg (the seed paper's three-legged ant, math.md §5).</summary>
    [EnumMember(Value = "crawler-3leg")]
    Crawler3Leg,
}
