namespace EvoPo.Messages;

/// <summary>Version of the wire and event contracts. Bump on any incompatible change to a message.</summary>
public static class ProtocolVersion
{
    public const int Current = 1;
}
