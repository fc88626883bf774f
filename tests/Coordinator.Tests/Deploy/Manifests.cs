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
