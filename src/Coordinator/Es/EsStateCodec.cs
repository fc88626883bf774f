using EvoPo.Messages.Search;
using MessagePack;

namespace EvoPo.Coordinator.Es;

/// <summary>
/// Strategy states to and from their journaled envelope (strategy name, layout version, MessagePack payload), and the
/// snapshots of OpenAI-ES written before envelopes existed. Input is untrusted: an unknown strategy or version, or a
/// payload that does not decode, is an <see cref="InvalidDataException"/> that says which.
/// </summary>
public static class EsStateCodec
{
    /// <summary>Layout version of every strategy's state; a change of a state record's keys raises it for that strategy.</summary>
    public const int CurrentVersion = 1;

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    private static readonly (StrategyKind Kind, Type Type)[] Layouts =
    [
        (StrategyKind.OpenAiEs, typeof(OpenAiEsState)),
        (StrategyKind.Pgpe, typeof(PgpeState)),
        (StrategyKind.Snes, typeof(SnesState)),
        (StrategyKind.SepCmaEs, typeof(SepCmaEsState)),
        (StrategyKind.CmaEs, typeof(CmaEsState)),
    ];

    public static StrategyKind KindOf(EsState state) =>
        Layouts.FirstOrDefault(l => l.Type == state.GetType()) is { Type: not null } layout
            ? layout.Kind
            : throw new ArgumentException($"{state.GetType().Name} is not a known strategy state", nameof(state));

    public static EsStateEnvelope Wrap(EsState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new EsStateEnvelope(StrategyNames.Of(KindOf(state)), CurrentVersion, MessagePackSerializer.Serialize(state.GetType(), state, Options));
    }

    public static EsState Unwrap(EsStateEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (!StrategyNames.TryParse(envelope.Strategy ?? "", out var kind))
            throw new InvalidDataException($"the ES state was written by strategy '{envelope.Strategy}', which this build does not know ({string.Join(", ", StrategyNames.All)})");
        if (envelope.Version != CurrentVersion)
            throw new InvalidDataException($"the {envelope.Strategy} state has layout version {envelope.Version}; this build reads version {CurrentVersion}");
        var type = Layouts.Single(l => l.Kind == kind).Type;
        try
        {
            return (EsState?)MessagePackSerializer.Deserialize(type, envelope.Payload, Options)
                   ?? throw new InvalidDataException($"the {envelope.Strategy} state decoded to nothing");
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"the {envelope.Strategy} state does not decode ({envelope.Payload?.Length ?? 0} bytes): {e.Message}", e);
        }
    }

    /// <summary>OpenAI-ES's state as snapshots held it before envelopes: the same numbers, Adam's moments now the optimizer's.</summary>
    public static OpenAiEsState FromLegacy(EsStateData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new OpenAiEsState(data.Generation, data.Mean, data.BestFitness, data.BestParameters, data.Sigma,
            new OptimizerState(data.AdamStep, data.AdamM, data.AdamV));
    }
}
