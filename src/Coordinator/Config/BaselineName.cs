namespace EvoPo.Coordinator.Config;

/// <summary>Hand-designed objectives the report compares against (math.md §2).</summary>
public enum BaselineName
{
    Sft,
    Dpo,
    Ipo,
    Cpo,
    Orpo,
    Simpo,
}
