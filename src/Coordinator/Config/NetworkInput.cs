namespace EvoPo.Coordinator.Config;

/// <summary>What the networks of φ⁻¹ and g read (docs/objectives.md, "Network input"); both are increasing in p.</summary>
public enum NetworkInput
{
    /// <summary>x = p^(1/T), T = <c>inputTemperature</c>.</summary>
    Power,

    /// <summary>x = (log p − c)/T, c = <c>inputCenter</c> (ours): the shifted, scaled log-probability.</summary>
    Log,
}
