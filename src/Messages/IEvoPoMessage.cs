namespace EvoPo.Messages;

/// <summary>Marker for every wire message and persisted event; one serializer binding covers them all.</summary>
public interface IEvoPoMessage;
