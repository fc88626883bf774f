using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Tests.Config;

/// <summary><c>es.strategy</c> and each strategy's keys: chosen in config, validated up front with the key named.</summary>
public class EsStrategyConfigTests
{
    private static SearchConfig Parse(string yaml) => SearchConfigLoader.Parse(yaml, "test.yaml");

    private static ConfigException Refused(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    [Theory]
    [InlineData("openai-es", StrategyKind.OpenAiEs)]
    [InlineData("pgpe", StrategyKind.Pgpe)]
    [InlineData("snes", StrategyKind.Snes)]
    [InlineData("sep-cma-es", StrategyKind.SepCmaEs)]
    [InlineData("cma-es", StrategyKind.CmaEs)]
    public void Every_strategy_is_chosen_by_its_name(string name, StrategyKind kind)
    {
        var config = Parse($"es: {{ strategy: {name} }}");
        Assert.Equal(kind, config.ToEsSettings().Strategy);
        Assert.Equal(config, Parse(SearchConfigLoader.ToYaml(config)));
    }

    [Fact]
    public void An_unknown_strategy_lists_the_five()
    {
        var ex = Refused("es: { strategy: xnes }");
        Assert.Equal("es.strategy", ex.KeyPath);
        Assert.Contains("openai-es | pgpe | snes | sep-cma-es | cma-es", ex.Message);
    }

    [Theory]
    [InlineData("es: { strategy: snes, sigmaDecay: 0.99 }", "es.sigmaDecay")]
    [InlineData("es: { strategy: cma-es, learningRate: 0.1 }", "es.learningRate")]
    [InlineData("es: { strategy: sep-cma-es, optimizer: adam }", "es.optimizer")]
    [InlineData("es: { strategy: openai-es, sigmaLearningRate: 0.1 }", "es.sigmaLearningRate")]
    [InlineData("es: { strategy: pgpe, optimizer: adam, momentum: 0.5 }", "es.momentum")]
    public void A_key_the_strategy_does_not_use_is_refused(string yaml, string key)
    {
        var ex = Refused(yaml);
        Assert.Equal(key, ex.KeyPath);
        Assert.Contains("does not apply to strategy", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [Theory]
    [InlineData("es: { strategy: pgpe, population: 7 }", "es.population")]
    [InlineData("es: { strategy: pgpe, sigmaMaxChange: 1.5 }", "es.sigmaMaxChange")]
    [InlineData("es: { optimizer: clipup, maxSpeed: -1 }", "es.maxSpeed")]
    [InlineData("es: { optimizer: rmsprop }", "es.optimizer")]
    public void Out_of_range_strategy_settings_name_their_key(string yaml, string key) => Assert.Equal(key, Refused(yaml).KeyPath);

    [Fact]
    public void Odd_populations_suit_the_strategies_that_do_not_mirror()
    {
        Assert.Equal(7, Parse("es: { strategy: snes, population: 7 }").Es.Population);
        Assert.Equal(7, Parse("es: { strategy: sep-cma-es, population: 7 }").Es.Population);
    }

    [Fact]
    public void Full_cma_es_is_refused_for_a_search_larger_than_its_limit()
    {
        Assert.Equal(StrategyKind.CmaEs, Parse("es: { strategy: cma-es }\nobjective: { learn: [phi] }").Es.Strategy);
        var ex = Refused("es: { strategy: cma-es }\nobjective: { learn: [phi, psi, g] }");
        Assert.Equal("es.strategy", ex.KeyPath);
        Assert.Contains("1137", ex.Message);
        Assert.Contains("sep-cma-es", ex.Message);
    }

    [Fact]
    public void New_keys_appear_in_the_canonical_config_only_when_set()
    {
        var plain = SearchConfigLoader.ToYaml(new SearchConfig());
        foreach (var key in new[] { "strategy:", "optimizer:", "momentum:", "maxSpeed:", "sigmaLearningRate:", "sigmaMaxChange:" })
            Assert.DoesNotContain(key, plain);
        var pgpe = Parse("es: { strategy: pgpe, optimizer: sgd, momentum: 0.5, sigmaLearningRate: 0.05, sigmaMaxChange: 0.1 }");
        var yaml = SearchConfigLoader.ToYaml(pgpe);
        Assert.Contains("strategy: pgpe", yaml);
        Assert.Contains("optimizer: sgd", yaml);
        Assert.Contains("momentum: 0.5", yaml);
        Assert.Equal(pgpe, Parse(yaml));
    }
}
