using System.Text.Json;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// What a node started with bootstrap sees of its cluster, read from its management endpoint (<c>/bootstrap/seed-nodes</c>,
/// the answer other nodes' bootstrap probes read): its own address and the reachable members that are up.
/// </summary>
internal static class ClusterMembers
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public sealed record View(string Self, IReadOnlySet<string> Up);

    /// <summary>The node's view, or null while it does not answer (starting, stopped).</summary>
    public static async Task<View?> ReadAsync(int managementPort)
    {
        try
        {
            using var json = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{managementPort}/bootstrap/seed-nodes"));
            var up = json.RootElement.GetProperty("Nodes").EnumerateArray()
                .Where(n => n.GetProperty("Status").GetInt32() == 1) // MemberStatus.Up
                .Select(n => Address(n.GetProperty("Node")))
                .ToHashSet();
            return new View(Address(json.RootElement.GetProperty("SelfNode")), up);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits until every node's view is the same set of <paramref name="count"/> members, which holds each node itself:
    /// one cluster. Two clusters never pass (a node's view holds only its own cluster's members).
    /// </summary>
    public static async Task<IReadOnlySet<string>> WaitForOneClusterAsync(IReadOnlyList<int> managementPorts, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var views = new List<View?>();
        while (DateTime.UtcNow < deadline)
        {
            views = [.. await Task.WhenAll(managementPorts.Select(ReadAsync))];
            if (views.All(v => v is not null && v.Up.Count == count && v.Up.Contains(v.Self) && v.Up.SetEquals(views[0]!.Up)))
                return views[0]!.Up;
            await Task.Delay(500);
        }
        throw new TimeoutException($"no single cluster of {count} within {timeout}; views:\n" +
                                   string.Join('\n', views.Select((v, i) => $"  :{managementPorts[i]} {(v is null ? "no answer" : $"{v.Self} sees {string.Join(", ", v.Up.Order())}")}")));
    }

    private static string Address(JsonElement node) =>
        $"{node.GetProperty("Protocol").GetString()}://{node.GetProperty("System").GetString()}@{node.GetProperty("Host").GetString()}:{node.GetProperty("Port").GetInt32()}";
}
