using System.Runtime.Serialization;

namespace EvoPo.Coordinator.Config;

/// <summary>The MPO family searched (math.md §3).</summary>
public enum ObjectiveClass
{
    /// <summary>1S-MPO: SFT term plus preference term, no reference policy (ORPO at a zero network).</summary>
    [EnumMember(Value = "1s")]
    OneStep,

    /// <summary>2S-MPO: SFT first, then a preference loss against the frozen SFT policy (DPO at a zero network).</summary>
    [EnumMember(Value = "2s")]
    TwoStep,
}
