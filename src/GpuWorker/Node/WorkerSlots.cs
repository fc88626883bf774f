using System.Text;
using Akka.Actor;

namespace EvoPo.GpuWorker.Node;

/// <summary>
/// Names of worker slots. A slot is named after the worker it belongs to ("host_port-index"), so the shard that
/// holds it can be placed on that worker's region (<see cref="NamedSlotAllocationStrategy"/>) whatever other shards
/// exist: the coordinator decides which worker runs a unit by choosing a free slot, not Akka's shard counts.
/// </summary>
public static class WorkerSlots
{
    public const string ShardPrefix = "slot-";

    public static string Name(string workerAddress, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return $"{KeyOf(Address.Parse(workerAddress))}-{index}";
    }

    /// <summary>The worker key of a slot shard id ("slot-host_port-index"), or null when the shard is not a named slot.</summary>
    public static string? WorkerKeyOfShard(string shardId)
    {
        if (!shardId.StartsWith(ShardPrefix, StringComparison.Ordinal)) return null;
        var slot = shardId.AsSpan(ShardPrefix.Length);
        var dash = slot.LastIndexOf('-');
        return dash <= 0 ? null : slot[..dash].ToString();
    }

    /// <summary>The worker key of a slot name ("host_port-index").</summary>
    public static string? WorkerKeyOfSlot(string slot) => WorkerKeyOfShard(ShardPrefix + slot);

    /// <summary>"host_port", with anything that is not a letter, digit, '.' or '-' replaced (slots become actor names).</summary>
    public static string KeyOf(Address address)
    {
        if (address.Host is null || address.Port is null)
            throw new ArgumentException($"worker address {address} has no host and port", nameof(address));
        var key = new StringBuilder(address.Host.Length + 8);
        foreach (var c in address.Host) key.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_');
        return key.Append('_').Append(address.Port.Value).ToString();
    }
}
