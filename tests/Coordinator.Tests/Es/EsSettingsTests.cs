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
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Out_of_range_field_is_named_with_its_range(EsSettings settings, string field)
    {
        var ex = Assert.Throws<ArgumentException>(() => settings.Validate());
        Assert.Equal(field, ex.ParamName);
        Assert.Contains(field + " must be", ex.Message);
    }
}
