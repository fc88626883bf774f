using System.Globalization;
using System.Reflection;
using System.Text;
using EvoPo.Simulation.Files;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace EvoPo.Coordinator.Config;

/// <summary>
/// Reads and writes <see cref="SearchConfig"/> as YAML. Strict on purpose: a typo in a key would otherwise
/// silently run a search with a default, which costs GPU hours before anyone notices. Binding walks the YAML
/// node tree by reflection over the config records, so the records alone define keys, types and defaults. A nullable
/// number is written <c>auto</c> when null (the record then picks a default that depends on other keys).
/// </summary>
public static class SearchConfigLoader
{
    private const string Auto = "auto";

    /// <summary>A config is a few KiB; more is a wrong file (or /dev/zero), refused before it fills memory.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>A config nests four levels (section, map, map, list); YamlDotNet builds its node tree recursively, so a
    /// document nested thousands deep would overflow the stack: it is refused before the tree is built.</summary>
    public const int MaxDepth = 32;

    public static SearchConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = BoundedFile.ReadAllText(path, MaxBytes, "a search config");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException("", $"cannot read the configuration file: {ex.Message}", path, 0, 0, ex);
        }
        return Parse(text, path);
    }

    /// <summary>Parses and validates; <paramref name="sourceName"/> (usually the file path) prefixes every error.</summary>
    public static SearchConfig Parse(string yamlText, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (yamlText.Length > MaxBytes)
            throw new ConfigException("", $"is larger than {BoundedFile.Describe(MaxBytes)}, the most a search config may be: is it the right file?", sourceName, 0, 0);
        var stream = new YamlStream();
        try
        {
            CheckDepth(yamlText, sourceName);
            stream.Load(new StringReader(yamlText));
        }
        catch (YamlException ex)
        {
            throw new ConfigException("", $"not valid YAML: {ex.Message}", sourceName, ex.Start.Line, ex.Start.Column, ex);
        }
        if (stream.Documents.Count > 1)
            throw new ConfigException("", "holds more than one YAML document; a search is configured by exactly one", sourceName, 0, 0);

        // Running a default search for a file that says nothing hides a wrong or truncated file; `{}` asks for the defaults.
        if (stream.Documents.Count == 0 || Binder.IsNull(stream.Documents[0].RootNode))
            throw new ConfigException("", "is empty (no keys, only comments or nothing): a search config sets at least one key; " +
                                          "start from configs/quickstart.yaml, or write {} for every default", sourceName, 0, 0);

        var binder = new Binder(sourceName);
        var config = (SearchConfig)binder.BindSection(typeof(SearchConfig), stream.Documents[0].RootNode, "");
        try
        {
            return config.Validate();
        }
        catch (ConfigException ex)
        {
            var mark = binder.MarkOf(ex.KeyPath);
            throw ex.At(sourceName, mark?.Line ?? 0, mark?.Column ?? 0);
        }
    }

    /// <summary>Walks the parser's events (a loop, no recursion) and refuses nesting deeper than <see cref="MaxDepth"/>.</summary>
    private static void CheckDepth(string yamlText, string sourceName)
    {
        var parser = new Parser(new StringReader(yamlText));
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is MappingEnd or SequenceEnd) depth--;
            if (parser.Current is not (MappingStart or SequenceStart) || ++depth <= MaxDepth) continue;
            throw new ConfigException("", $"nests collections more than {MaxDepth} deep; a search config needs four levels",
                sourceName, parser.Current.Start.Line, parser.Current.Start.Column);
        }
    }

    /// <summary>Every key with its value, in declaration order; <see cref="Parse"/> reads it back to an equal config.</summary>
    public static string ToYaml(SearchConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var yaml = new StringBuilder();
        foreach (var section in Properties(typeof(SearchConfig)))
        {
            var value = section.GetValue(config)!;
            var defaults = Activator.CreateInstance(section.PropertyType)!;
            // A section added after runs were journaled is left out whole while every key of it has its default.
            if (section.GetCustomAttribute<OmitWhenDefaultAttribute>() is not null &&
                Properties(section.PropertyType).All(key => Same(key.GetValue(value), key.GetValue(defaults)))) continue;
            yaml.Append(YamlNames.Key(section.Name)).Append(":\n");
            foreach (var key in Properties(section.PropertyType))
            {
                if (key.GetCustomAttribute<OmitWhenDefaultAttribute>() is not null && Same(key.GetValue(value), key.GetValue(defaults))) continue;
                yaml.Append("  ").Append(YamlNames.Key(key.Name)).Append(": ").Append(Scalar(key.GetValue(value))).Append('\n');
            }
        }
        return yaml.ToString();
    }

    /// <summary>Equal values, lists compared item by item.</summary>
    private static bool Same(object? a, object? b) =>
        a is System.Collections.IEnumerable x and not string && b is System.Collections.IEnumerable y and not string
            ? x.Cast<object>().SequenceEqual(y.Cast<object>())
            : Equals(a, b);

    private static PropertyInfo[] Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .ToArray();

    private static bool IsSection(Type type) => type.IsClass && type != typeof(string) && !IsList(type, out _);

    private static bool IsMap(Type type, out Type key, out Type value)
    {
        var isMap = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>);
        (key, value) = isMap ? (type.GetGenericArguments()[0], type.GetGenericArguments()[1]) : (typeof(void), typeof(void));
        return isMap;
    }

    private static bool IsList(Type type, out Type element)
    {
        var isList = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>);
        element = isList ? type.GetGenericArguments()[0] : typeof(void);
        return isList;
    }

    private static string Scalar(object? value) => value switch
    {
        null => Auto,
        string s => Quote(s),
        bool b => b ? "true" : "false",
        double d => FormatDouble(d),
        Enum e => YamlNames.Of(e.GetType(), e),
        System.Collections.IDictionary map => map.Count == 0
            ? "{}"
            : "{ " + string.Join(", ", map.Keys.Cast<object>().Select(k => MapKey(k) + ": " + Scalar(map[k]))) + " }",
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object>().Select(Scalar)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"No YAML form for {value.GetType()}."),
    };

    /// <summary>Identifier keys (hyperparameter names) plain, anything else as a scalar.</summary>
    private static string MapKey(object key) =>
        key is string s && s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? s : Scalar(key);

    private static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return ".nan";
        if (double.IsPositiveInfinity(d)) return ".inf";
        if (double.IsNegativeInfinity(d)) return "-.inf";
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        // Keep a decimal point so a reader sees a real number, not an integer.
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    private static string Quote(string s)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in s)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    private sealed class Binder(string source)
    {
        private readonly Dictionary<string, Mark> _marks = new(StringComparer.Ordinal);

        /// <summary>Where the value of <paramref name="keyPath"/> (or of its nearest bound parent) starts.</summary>
        public Mark? MarkOf(string keyPath)
        {
            for (var path = keyPath; path.Length > 0; path = path[..Math.Max(0, path.LastIndexOfAny(['.', '[']))])
                if (_marks.TryGetValue(path, out var mark)) return mark;
            return null;
        }

        public object BindSection(Type type, YamlNode node, string path)
        {
            var instance = Activator.CreateInstance(type)!;
            if (IsNull(node)) return instance; // "es:" with nothing under it: the section's defaults
            var properties = Properties(type);
            var validKeys = string.Join(", ", properties.Select(p => YamlNames.Key(p.Name)));
            if (node is not YamlMappingNode mapping)
                throw Error(path, node, $"wrong type: expected a mapping with keys {validKeys}, got {Describe(node)}");

            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                var keyPath = path.Length == 0 ? key : $"{path}.{key}";
                var property = properties.FirstOrDefault(p => YamlNames.Key(p.Name) == key)
                    ?? throw Error(keyPath, keyNode,
                        $"unknown key; valid keys of {(path.Length == 0 ? "the document" : path)}: {validKeys}");
                if (!_marks.TryAdd(keyPath, valueNode.Start))
                    throw Error(keyPath, keyNode, "appears twice");
                property.SetValue(instance, Bind(property.PropertyType, valueNode, keyPath));
            }
            return instance;
        }

        private object? Bind(Type type, YamlNode node, string path)
        {
            if (IsSection(type)) return BindSection(type, node, path);
            if (IsMap(type, out var keyType, out var valueType)) return BindMap(keyType, valueType, node, path);
            if (IsList(type, out var element))
            {
                var allowed = element.IsEnum ? string.Join(" | ", YamlNames.All(element)) : Expected(element);
                if (node is not YamlSequenceNode sequence)
                    throw Error(path, node, $"wrong type: expected a list of {allowed}{(element.IsEnum ? $" (e.g. [{YamlNames.All(element)[0]}])" : "")}, got {Describe(node)}");
                var items = Array.CreateInstance(element, sequence.Children.Count);
                for (var i = 0; i < items.Length; i++)
                    items.SetValue(BindScalar(element, sequence.Children[i], $"{path}[{i}]"), i);
                return items;
            }
            return BindScalar(type, node, path);
        }

        /// <summary>A mapping into a <c>Dictionary</c> in file order; keys bind like scalars (so enum keys list their allowed names).</summary>
        private object BindMap(Type keyType, Type valueType, YamlNode node, string path)
        {
            var map = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(keyType, valueType))!;
            if (IsNull(node)) return map;
            if (node is not YamlMappingNode mapping)
                throw Error(path, node, $"wrong type: expected a mapping (e.g. {{ dpo: {{ beta: 0.1 }} }}), got {Describe(node)}");
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var keyPath = $"{path}.{(keyNode as YamlScalarNode)?.Value}";
                var key = BindScalar(keyType, keyNode, keyPath)!;
                if (!_marks.TryAdd(keyPath, valueNode.Start) || map.Contains(key))
                    throw Error(keyPath, keyNode, "appears twice");
                map[key] = Bind(valueType, valueNode, keyPath);
            }
            return map;
        }

        private object? BindScalar(Type declared, YamlNode node, string path)
        {
            var expected = Expected(declared);
            var type = Nullable.GetUnderlyingType(declared) ?? declared;
            if (node is not YamlScalarNode scalar)
                throw Error(path, node, $"wrong type: expected {expected}, got {Describe(node)}");
            if (IsNull(scalar))
                throw Error(path, node, $"missing value: expected {expected}");
            var text = scalar.Value!;
            // Quoted scalars are strings in YAML; accepting "16" as a number would hide a quoting mistake.
            var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;

            if (type != declared && plain && text == Auto) return null;
            if (type == typeof(string)) return text;
            if (type.IsEnum)
            {
                if (YamlNames.TryParse(type, text, out var value)) return value;
                throw Error(path, node, $"unknown value '{text}'; allowed: {string.Join(" | ", YamlNames.All(type))}");
            }
            if (plain)
            {
                const NumberStyles integer = NumberStyles.AllowLeadingSign;
                if (type == typeof(int) && int.TryParse(text, integer, CultureInfo.InvariantCulture, out var i)) return i;
                if (type == typeof(long) && long.TryParse(text, integer, CultureInfo.InvariantCulture, out var l)) return l;
                if (type == typeof(ulong) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u)) return u;
                if (type == typeof(double) && TryParseDouble(text, out var d)) return d;
                if (type == typeof(bool) && text is "true" or "false") return text == "true";
            }
            throw Error(path, node, $"wrong type: expected {expected}, got '{text}'");
        }

        private static bool TryParseDouble(string text, out double value)
        {
            switch (text)
            {
                case ".nan" or ".NaN":
                    value = double.NaN;
                    return true;
                case ".inf" or "+.inf":
                    value = double.PositiveInfinity;
                    return true;
                case "-.inf":
                    value = double.NegativeInfinity;
                    return true;
            }
            // Only YAML's decimal and exponent forms; .NET's "Infinity"/"NaN" spellings are not YAML.
            return text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or '+' or 'e' or 'E')
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                || Fail(out value);
        }

        private static bool Fail(out double value)
        {
            value = 0;
            return false;
        }

        private static string Expected(Type type) =>
            Nullable.GetUnderlyingType(type) is { } inner ? $"{Expected(inner)} or {Auto}"
            : type == typeof(int) || type == typeof(long) ? "an integer"
            : type == typeof(ulong) ? "a non-negative integer"
            : type == typeof(double) ? "a number"
            : type == typeof(bool) ? "true or false"
            : type == typeof(string) ? "a string"
            : type.IsEnum ? "one of " + string.Join(" | ", YamlNames.All(type))
            : type.Name;

        public static bool IsNull(YamlNode node) =>
            node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" };

        private static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            YamlScalarNode s => $"'{s.Value}'",
            _ => node.NodeType.ToString(),
        };

        private ConfigException Error(string path, YamlNode node, string problem) =>
            new(path, problem, source, node.Start.Line, node.Start.Column);
    }
}
