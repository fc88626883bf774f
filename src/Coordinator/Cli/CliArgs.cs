using System.Globalization;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// Parsed command line of one command: positionals, <c>--name value</c> options and <c>--flag</c> switches.
/// Every option a command reads is recorded, so <see cref="EnsureAllUsed"/> can refuse typos by name.
/// </summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    public CliArgs(string command, IReadOnlyList<string> args)
    {
        Command = command;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                _positionals.Add(arg);
                continue;
            }
            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            if (name.Length == 0) throw new UsageException(command, $"'{arg}' is not an option");
            if (!_options.TryAdd(name, value)) throw new UsageException(command, $"--{name} is given twice");
        }
    }

    public string Command { get; }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var value)) return false;
        if (value is null) return true;
        // "--json" followed by a positional would have swallowed it; give it back.
        if (value is "true" or "false") return value == "true";
        _positionals.Add(value);
        _options[name] = null;
        return true;
    }

    public string? Option(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var value)) return null;
        return value ?? throw new UsageException(Command, $"--{name} needs a value");
    }

    public string Required(string name) =>
        Option(name) ?? throw new UsageException(Command, $"--{name} is required");

    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Option(name);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new UsageException(Command, $"--{name} must be an integer, got '{text}'");
        if (value < min || value > max)
            throw new UsageException(Command, $"--{name} must be in [{min}, {max}], got {value}");
        return value;
    }

    public ulong UInt64(string name, ulong fallback)
    {
        var text = Option(name);
        if (text is null) return fallback;
        return ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException(Command, $"--{name} must be a non-negative integer, got '{text}'");
    }

    public double Double(string name, double fallback)
    {
        var text = Option(name);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new UsageException(Command, $"--{name} must be a finite number, got '{text}'");
        return value;
    }

    /// <summary>Comma-separated integers, e.g. <c>--k 1,8,32</c>.</summary>
    public int[] IntList(string name, int[] fallback)
    {
        var text = Option(name);
        if (text is null) return fallback;
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new UsageException(Command, $"--{name} must be a comma-separated list of positive integers, got '{text}'"))
            .ToArray();
    }

    public string Positional(int index, string what) =>
        index < _positionals.Count ? _positionals[index] : throw new UsageException(Command, $"missing {what}");

    /// <summary>Call after reading every option: an option nobody asked for is a typo, and says so.</summary>
    public void EnsureAllUsed(int maxPositionals)
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new UsageException(Command, $"unknown option{(unknown.Length > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "--" + u))}");
        if (_positionals.Count > maxPositionals)
            throw new UsageException(Command, $"unexpected argument '{_positionals[maxPositionals]}'");
    }
}
