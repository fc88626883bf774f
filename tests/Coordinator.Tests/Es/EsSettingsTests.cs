using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Tests.Es;

public class EsSettingsTests
{
    [Fact]
    public void Defaults_are_the_paper_hyperparameters()
    {
        var s = new EsSettings { Population = 256 }.Validate();
        Assert.Equal(0.02, s.LearningRate);
        Assert.Equal(0.9, s.Beta1);
        Assert.Equal(0.999, s.Beta2);
        Assert.Equal(0.03, s.Sigma0);
        Assert.Equal(0.999, s.SigmaDecay);
        Assert.Equal(FitnessShapingKind.CenteredRanks, s.Shaping);
    }

    public static TheoryData<EsSettings, string> InvalidSettings => new()
    {
        { new EsSettings { Population = 3 }, "Population" },
        { new EsSettings { Population = 0 }, "Population" },
        { new EsSettings { Population = 4, LearningRate = 0 }, "LearningRate" },
        { new EsSettings { Population = 4, Beta1 = 1 }, "Beta1" },
        { new EsSettings { Population = 4, Beta2 = -0.1 }, "Beta2" },
        { new EsSettings { Population = 4, AdamEpsilon = 0 }, "AdamEpsilon" },
        { new EsSettings { Population = 4, Sigma0 = double.NaN }, "Sigma0" },
        { new EsSettings { Population = 4, SigmaDecay = 1.5 }, "SigmaDecay" },
        { new EsSettings { Population = 4, SigmaMin = 0.1 }, "SigmaMin" },
        { new EsSettings { Population = 4, WeightDecay = -1 }, "WeightDecay" },
        { new EsSettings { Population = 4, Shaping = (FitnessShapingKind)42 }, "Shaping" },
        { new EsSettings { Population = 5, Strategy = StrategyKind.Pgpe }, "Population" },
        { new EsSettings { Population = 4, Optimizer = OptimizerKind.Sgd, Momentum = 1 }, "Momentum" },
        { new EsSettings { Population = 4, Strategy = StrategyKind.Pgpe, SigmaMaxChange = 1 }, "SigmaMaxChange" },
        { new EsSettings { Population = 4, Strategy = StrategyKind.Snes, SigmaLearningRate = 0 }, "SigmaLearningRate" },
        { new EsSettings { Population = 4, Optimizer = OptimizerKind.ClipUp, MaxSpeed = double.PositiveInfinity }, "MaxSpeed" },
    };

    public static TheoryData<EsSettings, string> UnusedSettings => new()
    {
        { new EsSettings { Population = 4, Strategy = StrategyKind.Snes, SigmaDecay = 0.99 }, "SigmaDecay" },
        { new EsSettings { Population = 4, Strategy = StrategyKind.CmaEs, LearningRate = 0.1 }, "LearningRate" },
        { new EsSettings { Population = 4, Strategy = StrategyKind.SepCmaEs, Shaping = FitnessShapingKind.Raw }, "Shaping" },
        { new EsSettings { Population = 4, Strategy = StrategyKind.Pgpe, SigmaDecay = 0.99 }, "SigmaDecay" },
        { new EsSettings { Population = 4, SigmaLearningRate = 0.1 }, "SigmaLearningRate" },
        { new EsSettings { Population = 4, Momentum = 0.5 }, "Momentum" },
        { new EsSettings { Population = 4, Strategy = StrategyKind.Pgpe, Optimizer = OptimizerKind.Adam, MaxSpeed = 0.1 }, "MaxSpeed" },
        { new EsSettings { Population = 4, Strategy = StrategyKind.Snes, Optimizer = OptimizerKind.Adam }, "Optimizer" },
    };

    [Theory]
    [MemberData(nameof(UnusedSettings))]
    public void A_setting_the_strategy_does_not_use_is_refused_by_name(EsSettings settings, string field)
    {
        var ex = Assert.Throws<ArgumentException>(() => settings.Validate());
        Assert.Equal(field, ex.ParamName);
        Assert.Contains("does not apply to strategy", ex.Message);
    }

    [Fact]
    public void Each_strategy_has_the_methods_own_defaults()
    {
        Assert.Equal(OptimizerKind.Adam, new EsSettings { Population = 4 }.ResolvedOptimizer);
        var pgpe = new EsSettings { Population = 4, Strategy = StrategyKind.Pgpe, LearningRate = 0.1 }.Validate();
        Assert.Equal(OptimizerKind.ClipUp, pgpe.ResolvedOptimizer);
        Assert.Equal(0.2, pgpe.ResolvedMaxSpeed, 15);
        Assert.Equal(0.1, pgpe.ResolvedSigmaLearningRate(1000));
        var snes = new EsSettings { Population = 5, Strategy = StrategyKind.Snes }.Validate();
        Assert.Equal((3 + Math.Log(100)) / 50, snes.ResolvedSigmaLearningRate(100), 15);
    }

    [Fact]
    public void Full_cma_es_refuses_a_search_too_large_for_its_covariance()
    {
        var settings = new EsSettings { Population = 16, Strategy = StrategyKind.CmaEs };
        Assert.Null(settings.FindInvalidFor(CmaEs.MaxDimension));
        var problem = settings.FindInvalidFor(1137);
        Assert.Equal("Strategy", problem?.Field);
        Assert.Contains("sep-cma-es", problem?.Problem);
        Assert.Throws<ArgumentException>(() => Strategies.Create(settings, 1, 1137));
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Out_of_range_field_is_named_with_its_range(EsSettings settings, string field)
    {
        var ex = Assert.Throws<ArgumentException>(() => settings.Validate());
        Assert.Equal(field, ex.ParamName);
        Assert.Contains(field + " must be", ex.Message);
    }
}
