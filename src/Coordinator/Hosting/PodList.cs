using System.Net;
using System.Text.Json;
using Akka.Discovery;

namespace EvoPo.Coordinator.Hosting;

/// <summary>
/// Reads the Kubernetes API's PodList answer into contact points, with the rules of Akka.Discovery.KubernetesApi: a pod
/// counts when it is Running, not being deleted and has an IP; its port is the container port whose name contains
/// <c>portName</c> (pods without one are skipped); the host is the raw pod IP.
/// </summary>
public static class PodList
{
    public static IReadOnlyList<ServiceDiscovery.ResolvedTarget> Targets(string json, string portName)
    {
        using var document = JsonDocument.Parse(json);
        var targets = new List<ServiceDiscovery.ResolvedTarget>();
        if (!document.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array) return targets;
        foreach (var pod in items.EnumerateArray())
        {
            if (pod.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("deletionTimestamp", out var deleted)
                && deleted.ValueKind != JsonValueKind.Null) continue;
            if (!pod.TryGetProperty("status", out var status)) continue;
            if (!(Text(status, "phase")?.Contains("running", StringComparison.OrdinalIgnoreCase) ?? false)) continue;
            if (Text(status, "podIP") is not { Length: > 0 } ip || !IPAddress.TryParse(ip, out var address)) continue;
            var port = Ports(pod).FirstOrDefault(p => Text(p, "name")?.Contains(portName, StringComparison.Ordinal) ?? false);
            if (port.ValueKind != JsonValueKind.Object || !port.TryGetProperty("containerPort", out var number)) continue;
            targets.Add(new ServiceDiscovery.ResolvedTarget(ip, number.GetInt32(), address));
        }
        return targets;
    }

    private static IEnumerable<JsonElement> Ports(JsonElement pod) =>
        pod.TryGetProperty("spec", out var spec) && spec.TryGetProperty("containers", out var containers) && containers.ValueKind == JsonValueKind.Array
            ? containers.EnumerateArray().SelectMany(c => c.TryGetProperty("ports", out var ports) && ports.ValueKind == JsonValueKind.Array
                ? ports.EnumerateArray()
                : [])
            : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
