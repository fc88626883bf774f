using EvoPo.Coordinator.Config;

namespace EvoPo.Coordinator.Tests.Config;

public sealed class ConfigDifferenceTests
{
    [Fact]
    public void The_same_config_spelled_differently_has_no_difference()
    {
        var written = SearchConfigLoader.Parse("es: { population: 8 }", "a");
        var spelledOut = SearchConfigLoader.Parse(SearchConfigLoader.ToYaml(written), "b");

        Assert.Empty(ConfigDifference.Between(written, spelledOut));
    }

    [Fact]
    public void Each_changed_key_is_named_with_both_values_in_section_order()
    {
        var stored = SearchConfigLoader.Parse("es: { population: 4, generations: 40 }\nwork: { unitSize: 2 }", "stored");
        var given = SearchConfigLoader.Parse("es: { population: 8, generations: 40 }\nwork: { unitSize: 4 }", "given");

        var differences = ConfigDifference.Between(stored, given);

        Assert.Equal(["es.population: 4 → 8", "work.unitSize: 2 → 4"], differences);
        Assert.Equal("2 keys differ: es.population: 4 → 8, work.unitSize: 2 → 4", ConfigDifference.Describe(differences));
        Assert.Equal("2 keys differ: es.population: 4 → 8 and 1 more", ConfigDifference.Describe(differences, shown: 1));
    }
}
