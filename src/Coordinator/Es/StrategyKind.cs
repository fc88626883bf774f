using System.Runtime.Serialization;

namespace EvoPo.Coordinator.Es;

/// <summary>The evolution strategies that fit <see cref="IStrategy"/> (config <c>es.strategy</c>, docs/strategies.md).</summary>
public enum StrategyKind
{
    /// <summary>OpenAI-ES (Salimans et al. 2017): antithetic pairs, one σ, an optimizer on the gradient estimate (the default).</summary>
    [EnumMember(Value = "openai-es")] OpenAiEs,

    /// <summary>PGPE (Sehnke et al. 2010) with symmetric sampling, a σ per dimension and ClipUp (Toklu et al. 2020).</summary>
    Pgpe,

    /// <summary>Separable NES (Schaul et al. 2011): a σ per dimension, NES utilities, natural-gradient steps.</summary>
    Snes,

    /// <summary>Separable CMA-ES (Ros and Hansen 2008): a diagonal covariance, for hundreds to thousands of dimensions.</summary>
    SepCmaEs,

    /// <summary>CMA-ES (Hansen 2016) with a full covariance: small searches only (<see cref="CmaEs.MaxDimension"/>).</summary>
    CmaEs,
}
