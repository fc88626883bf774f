using System.Runtime.Serialization;

namespace EvoPo.Coordinator.Config;

/// <summary>Environment the agents are trained and evaluated on (<c>task.name</c>).</summary>
public enum TaskName
{
    Crawler,

    /// <summary>The crawler with a penalty on its fourth leg (the seed paper's three-legged ant, math.md §5).</summary>
    [EnumMember(Value = "crawler-3leg")]
    Crawler3Leg,

    /// <summary>MuJoCo Hopper (docs/tasks.md; needs libmujoco-dev).</summary>
    [EnumMember(Value = "hopper")]
    Hopper,

    /// <summary>MuJoCo Ant.</summary>
    [EnumMember(Value = "ant")]
    Ant,

    /// <summary>MuJoCo Three-Legged Ant: Ant with leg 4's actions heavily penalized (math.md §5).</summary>
    [EnumMember(Value = "tla")]
    Tla,

    /// <summary>Balance an unstable body while pushing forward, learned from scratch (a pure C# Hopper analog, docs/tasks.md).</summary>
    [EnumMember(Value = "hopper-lite")]
    HopperLite,
}
