using MessagePack;

namespace EvoPo.Messages.Search;

/// <summary>First event of a run: everything needed to replay it exactly.</summary>
[MessagePackObject]
public sealed record RunCreated(
    [property: Key(0)] string RunId,
    [property: Key(1)] string ConfigYaml,
    [property: Key(2)] ulong Seed,
    [property: Key(3)] string DatasetHash,
    [property: Key(4)] string AgentHash,
    [property: Key(5)] double[] InitialMean,
    [property: Key(6)] DateTime CreatedUtc,
    [property: Key(7)] int ProtocolVersion) : IEvoPoMessage;
