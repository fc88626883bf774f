using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace EvoPo.Coordinator.Tests.Deploy;

/// <summary>
/// Rendered Kubernetes manifests and compose files read as plain trees (YAML merge keys resolved), with the
/// few look-ups the tests need: a resource by kind and name, a container's environment as the kubelet expands it.
/// </summary>
internal static class Manifests
{
    public static List<Dictionary<object, object>> Documents(string path)
    {
        var deserializer = new DeserializerBuilder().Build();
        using var reader = new StreamReader(path);
        var parser = new MergingParser(new Parser(reader));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
            if (deserializer.Deserialize<object>(parser) is Dictionary<object, object> document) documents.Add(document);
        return documents;
    }

    public static Dictionary<object, object> Resource(IEnumerable<Dictionary<object, object>> documents, string kind, string name) =>
        documents.SingleOrDefault(d => Str(d, "kind") == kind && Str(Map(d, "metadata"), "name") == name)
        ?? throw new Xunit.Sdk.XunitException($"no {kind} named {name} in the rendered manifests");

    public static Dictionary<object, object> Map(Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is Dictionary<object, object> map ? map : [];

    public static List<object> List(Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is List<object> list ? list : [];

    public static string? Str(Dictionary<object, object> node, string key) => node.TryGetValue(key, out var value) ? value?.ToString() : null;

    /// <summary>Follows a path of keys; a number picks a list item.</summary>
    public static Dictionary<object, object> At(Dictionary<object, object> node, params object[] path)
    {
        object current = node;
        foreach (var step in path)
            current = (step, current) switch
            {
                (int index, List<object> list) => list[index],
                (string key, Dictionary<object, object> map) when map.TryGetValue(key, out var next) => next,
                _ => throw new Xunit.Sdk.XunitException($"no {string.Join('.', path)} in the manifest"),
            };
        return (Dictionary<object, object>)current;
    }

    /// <summary>Every workload's pod template (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, bare Pods), with its resource.</summary>
    public static IEnumerable<(Dictionary<object, object> Resource, Dictionary<object, object> Pod)> PodTemplates(IEnumerable<Dictionary<object, object>> documents)
    {
        foreach (var document in documents)
        {
            var pod = Str(document, "kind") switch
            {
                "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => At(document, "spec", "template"),
                "CronJob" => At(document, "spec", "jobTemplate", "spec", "template"),
                "Pod" => document,
                _ => null,
            };
            if (pod is not null) yield return (document, pod);
        }
    }

    /// <summary>The container's env entry named <paramref name="name"/> (value or valueFrom), or null.</summary>
    public static Dictionary<object, object>? EnvEntry(Dictionary<object, object> container, string name) =>
        List(container, "env").Cast<Dictionary<object, object>>().SingleOrDefault(e => Str(e, "name") == name);

    /// <summary>
    /// The Secret and key that the file <paramref name="path"/> of the container comes from: a volume mounted at one of
    /// its parent directories is a secret volume, and the key is the item mapped to the rest of the path (the key
    /// itself when the volume lists no items). Null when the file is on no Secret volume.
    /// </summary>
    public static (string Secret, string Key)? SecretFile(Dictionary<object, object> podSpec, Dictionary<object, object> container, string path)
    {
        foreach (Dictionary<object, object> mount in List(container, "volumeMounts"))
        {
            var directory = Str(mount, "mountPath")!.TrimEnd('/') + "/";
            if (!path.StartsWith(directory, StringComparison.Ordinal) || Str(mount, "subPath") is not null) continue;
            var rest = path[directory.Length..];
            var volume = List(podSpec, "volumes").Cast<Dictionary<object, object>>().Single(v => Str(v, "name") == Str(mount, "name"));
            if (!volume.TryGetValue("secret", out var value) || value is not Dictionary<object, object> secret) return null;
            var items = List(secret, "items").Cast<Dictionary<object, object>>().ToList();
            var key = items.Count == 0 ? rest : items.SingleOrDefault(i => Str(i, "path") == rest) is { } item ? Str(item, "key") : null;
            return key is null ? null : (Str(secret, "secretName")!, key);
        }
        return null;
    }

    /// <summary>A probe's or Service's port, a number or the name of one of the container's ports, as a number.</summary>
    public static int ContainerPort(Dictionary<object, object> container, string port) =>
        int.TryParse(port, out var number) ? number
            : int.Parse(Str(List(container, "ports").Cast<Dictionary<object, object>>().Single(p => Str(p, "name") == port), "containerPort")!);

    /// <summary>Whether a label selector's matchLabels all hold for <paramref name="labels"/> (an empty selector selects everything).</summary>
    public static bool Selects(Dictionary<object, object> selector, Dictionary<object, object> labels)
    {
        Assert.False(selector.ContainsKey("matchExpressions"), "the checks read matchLabels only");
        return Map(selector, "matchLabels").All(l => Str(labels, l.Key.ToString()!) == l.Value?.ToString());
    }

    /// <summary>
    /// The container's environment as the kubelet sets it: literal values with <c>$(VAR)</c> references to earlier
    /// variables expanded, and the downward-API fields given in <paramref name="fields"/>; other sources are left out.
    /// </summary>
    public static Dictionary<string, string> Environment(Dictionary<object, object> container, IReadOnlyDictionary<string, string> fields)
    {
        var environment = new Dictionary<string, string>();
        foreach (Dictionary<object, object> variable in List(container, "env"))
        {
            var name = Str(variable, "name")!;
            if (Str(variable, "value") is { } value)
                environment[name] = System.Text.RegularExpressions.Regex.Replace(value, @"\$\((\w+)\)",
                    m => environment.TryGetValue(m.Groups[1].Value, out var earlier) ? earlier : m.Value);
            else if (Str(At(variable, "valueFrom").GetValueOrDefault("fieldRef") as Dictionary<object, object> ?? [], "fieldPath") is { } field)
                environment[name] = fields[field];
        }
        return environment;
    }
}
