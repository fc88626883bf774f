using MessagePack;

namespace EvoPo.Messages.Search;

[MessagePackObject]
public sealed record GetRunStatus([property: Key(0)] string RunId) : IEvoPoMessage;
