namespace EvoPo.Coordinator.Config;

/// <summary>Hand-designed objectives the report compares against (math.md §2): every name of the zoo.</summary>
public enum BaselineName
{
    Sft,
    Dpo,
    Ipo,
    Cpo,
    Orpo,
    Simpo,
    Rdpo,
    Rrhf,
    SlicHf,
    Lpo,
    Colpo,
    Maxpo,
}
