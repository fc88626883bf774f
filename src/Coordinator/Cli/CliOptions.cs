using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// How <c>evopo</c> declares an option: one call gives its name, help, default and range, and the value is checked while
/// parsing, so a bad value is a usage error (exit code 2) naming the option before the command starts. Also the options
/// several commands share (<c>--runs</c>, <c>--postgres</c>, <c>--verbose</c>, <c>&lt;run-id&gt;</c>).
/// </summary>
public static class CliOptions
{
    public const string VerboseName = "--verbose";

    public const string DefaultRuns = "runs";

    /// <summary>On the root, so every command takes it: a failure's stack trace, and (search, resume, experiment) a line per unit.</summary>
    public static Option<bool> Verbose() => new(VerboseName)
    {
        Description = "also print a line per completed work unit (search, resume, experiment, baselines --tuned) and, when a command fails, where",
        Recursive = true,
    };

    /// <summary>Adds options to a command, in the order its help lists them.</summary>
    public static void Add(Command command, params IEnumerable<Option> options)
    {
        foreach (var option in options) command.Options.Add(option);
    }

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>A string option; <paramref name="defaultValue"/> null: none (the command reads null when it is not given).</summary>
    public static Option<string> Text(string name, string helpName, string description, string? defaultValue = null, bool required = false)
    {
        var option = new Option<string>(name) { HelpName = helpName, Description = description, Required = required };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>One of <paramref name="allowed"/>; the help shows them as the value's name.</summary>
    public static Option<string> Choice(string name, string description, string? defaultValue, IReadOnlyList<string> allowed, bool required = false)
    {
        var option = Text(name, string.Join('|', allowed), description, defaultValue, required);
        option.AcceptOnlyFromAmong([.. allowed]);
        return option;
    }

    public static Option<int> Int(string name, string helpName, string description, int defaultValue, int min, int max = int.MaxValue) =>
        new(name)
        {
            HelpName = helpName,
            Description = WithRange(description, Range(min, max)),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, defaultValue, text => ParseInt(text, name, min, max)),
        };

    public static Option<ulong> UInt64(string name, string helpName, string description, ulong defaultValue) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, defaultValue, text =>
                ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                    ? (value, null)
                    : (0UL, $"{name} must be a non-negative integer, got '{text}'")),
        };

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>] (or above <paramref name="min"/> when <paramref name="aboveMin"/>).</summary>
    public static Option<double> Double(string name, string helpName, string description, double defaultValue,
        double min = double.MinValue, double max = double.MaxValue, bool aboveMin = false) =>
        new(name)
        {
            HelpName = helpName,
            Description = WithRange(description, Range(min, max, aboveMin)),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, defaultValue, text => ParseDouble(text, name, min, max, aboveMin)),
        };

    /// <summary>As <see cref="Double"/> with no default: null when not given (the command then decides).</summary>
    public static Option<double?> OptionalDouble(string name, string helpName, string description,
        double min = double.MinValue, double max = double.MaxValue, bool aboveMin = false) =>
        new(name)
        {
            HelpName = helpName,
            Description = WithRange(description, Range(min, max, aboveMin)),
            CustomParser = result => Parse<double?>(result, null, text => ParseDouble(text, name, min, max, aboveMin)),
        };

    /// <summary>An integer with no default: null when not given (e.g. a port that an environment variable may give instead).</summary>
    public static Option<int?> OptionalInt(string name, string helpName, string description, int min, int max) =>
        new(name)
        {
            HelpName = helpName,
            Description = WithRange(description, Range(min, max)),
            CustomParser = result => Parse<int?>(result, null, text => ParseInt(text, name, min, max)),
        };

    /// <summary>Comma-separated positive integers, e.g. <c>--k 1,8,32</c>.</summary>
    public static Option<NumberList> IntList(string name, string description, int[] defaultValue) =>
        new(name)
        {
            HelpName = "N,N,...",
            Description = description,
            DefaultValueFactory = _ => new NumberList(defaultValue),
            CustomParser = result => Parse(result, new NumberList(defaultValue), text =>
            {
                var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : 0).ToArray();
                return values.Length > 0 && values.All(v => v > 0)
                    ? (new NumberList(values), null)
                    : (new NumberList([]), $"{name} must be a comma-separated list of positive integers, got '{text}'");
            }),
        };

    /// <summary>
    /// <c>&lt;run-id&gt;</c> of resume, status and report. A token that starts with '-' is a mistyped option, not a run id
    /// (System.CommandLine would take <c>status --jsn r1</c>'s "--jsn" for the run id).
    /// </summary>
    public static Argument<string> RunId(string description)
    {
        var argument = new Argument<string>("run-id") { Description = description };
        argument.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: ['-', ..] value }]) result.AddError($"Unrecognized command or argument '{value}' (a run-id does not start with '-').");
        });
        return argument;
    }

    /// <summary><c>--runs DIR</c>: the runs directory, default <c>runs</c>.</summary>
    public static Option<string> Runs(string description = "runs directory; a run is DIR/<run-id>/, its journal DIR/evopo.db") =>
        Text("--runs", "DIR", description, DefaultRuns);

    /// <summary><c>--postgres CS</c>: the journal on PostgreSQL instead of the runs directory's SQLite file.</summary>
    public static Option<string> Postgres() =>
        Text("--postgres", "CS", "journal on PostgreSQL, an Npgsql connection string (env EVOPO_POSTGRES); default: SQLite, DIR/evopo.db");

    /// <summary><c>--postgres</c>, else the environment's EVOPO_POSTGRES, else null (SQLite).</summary>
    public static string? PostgresOf(ParseResult parse, Option<string> postgres) => parse.GetValue(postgres) ?? Environment("EVOPO_POSTGRES");

    public static Option<bool> Json(string description) => Flag("--json", description);

    /// <summary>The variable's value, or null when it is unset or empty.</summary>
    public static string? Environment(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>"--port must be an integer in [0, 65535], got 'x'" or null; <paramref name="name"/> may say where the text came from.</summary>
    public static (int Value, string? Error) ParseInt(string text, string name, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return (0, $"{name} must be an integer {Range(min, max)}, got '{text}'");
        return value < min || value > max ? (value, $"{name} must be an integer {Range(min, max)}, got '{text}'") : (value, null);
    }

    private static (double Value, string? Error) ParseDouble(string text, string name, double min, double max, bool aboveMin)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            return (0, $"{name} must be a finite number, got '{text}'");
        var inRange = (aboveMin ? value > min : value >= min) && value <= max;
        return inRange ? (value, null) : (value, $"{name} must be {Range(min, max, aboveMin)}, got {text}");
    }

    /// <summary>"in [0, 0.5]", "&gt; 0", "≥ 0", or null for any finite number.</summary>
    private static string? Range(double min, double max, bool aboveMin) => (min > double.MinValue, max < double.MaxValue) switch
    {
        (true, true) => string.Create(CultureInfo.InvariantCulture, $"in [{min}, {max}]"),
        (true, false) => string.Create(CultureInfo.InvariantCulture, $"{(aboveMin ? ">" : "≥")} {min}"),
        (false, true) => string.Create(CultureInfo.InvariantCulture, $"≤ {max}"),
        _ => null,
    };

    private static string WithRange(string description, string? range) => range is null ? description : $"{description} ({range})";

    private static T Parse<T>(ArgumentResult result, T fallback, Func<string, (T Value, string? Error)> parse)
    {
        if (result.Tokens.Count == 0) return fallback;
        var (value, error) = parse(result.Tokens[^1].Value);
        if (error is null) return value;
        result.AddError(error);
        return fallback;
    }

    private static string Range(int min, int max) => max == int.MaxValue ? $"≥ {min}" : $"in [{min}, {max}]";
}
