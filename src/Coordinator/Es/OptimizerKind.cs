using System.Runtime.Serialization;

namespace EvoPo.Coordinator.Es;

/// <summary>What turns a strategy's gradient estimate into a step of the mean (config <c>es.optimizer</c>).</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba 2015), weight decay decoupled as in AdamW.</summary>
    Adam,

    /// <summary>Plain gradient ascent with heavy-ball momentum.</summary>
    Sgd,

    /// <summary>ClipUp (Toklu et al. 2020): normalized gradient, momentum, speed clipped to a maximum.</summary>
    [EnumMember(Value = "clipup")] ClipUp,
}
