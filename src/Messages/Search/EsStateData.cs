using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>
/// OpenAI-ES's state as snapshots held it before strategies had envelopes (<see cref="EsStateEnvelope"/>): still read,
/// so runs journaled then resume bit for bit; no longer written.
/// </summary>
[MessagePackObject]
public sealed record EsStateData(
    [property: Key(0)] int Generation,
    [property: Key(1)] double[] Mean,
    [property: Key(2)] double Sigma,
    [property: Key(3)] double[] AdamM,
    [property: Key(4)] double[] AdamV,
    [property: Key(5)] long AdamStep,
    [property: Key(6)] double BestFitness,
    [property: Key(7)] double[]? BestParameters);
