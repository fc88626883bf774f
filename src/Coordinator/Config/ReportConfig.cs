namespace EvoPo.Coordinator.Config;

/// <summary><c>report</c>: the baselines trained next to the discovered objective, and how many seeds each.</summary>
public sealed record ReportConfig
{
    public IReadOnlyList<BaselineName> Baselines { get; init; } = [BaselineName.Sft, BaselineName.Dpo, BaselineName.Orpo];

    public int Seeds { get; init; } = 2;

    internal void Validate()
    {
        if (Baselines.Distinct().Count() != Baselines.Count)
            throw new ConfigException("report.baselines", $"must not list a baseline twice, got [{string.Join(", ", Baselines.Select(YamlNames.Of))}]");
        ConfigChecks.InRange("report.seeds", Seeds, 1, 100);
    }

    public bool Equals(ReportConfig? other) =>
        other is not null && Baselines.SequenceEqual(other.Baselines) && Seeds == other.Seeds;

    public override int GetHashCode() => HashCode.Combine(Baselines.Count, Seeds);
}
