using System.CommandLine;
using EvoPo.Coordinator.Cli;

namespace EvoPo.Coordinator.Tests.Cli;

/// <summary>
/// A wrong command line never starts a command: exit code 2, one line per problem naming the option (or argument), and
/// a pointer to the command's help; never a stack trace.
/// </summary>
public sealed class CommandLineErrorTests
{
    public static TheoryData<string> CommandNames() => new(CommandTree.Leaves().Select(l => l.Name));

    /// <summary>Every option whose value is a number or a list of numbers, with its command.</summary>
    public static TheoryData<string, string> NumericOptions() => Options(o =>
        o.ValueType == typeof(int) || o.ValueType == typeof(int?) || o.ValueType == typeof(double) || o.ValueType == typeof(double?) ||
        o.ValueType == typeof(ulong) || o.ValueType == typeof(NumberList));

    public static TheoryData<string, string> RequiredOptions() => Options(o => o.Required);

    [Theory]
    [InlineData("worker --seeds 127.0.0.1:4053 --capacity 65", "--capacity must be an integer in [1, 64], got '65'")]
    [InlineData("worker --seeds 127.0.0.1:4053 --capacity 0", "--capacity must be an integer in [1, 64], got '0'")]
    [InlineData("pretrain --task crawler --out x.agent.json --generations -1", "--generations must be an integer in [0, 1000000], got '-1'")]
    [InlineData("dataset --original a --target b --out c --noise 0.6", "--noise must be in [0, 0.5], got 0.6")]
    [InlineData("objective plot --objective dpo --out x.png --length 0", "--length must be > 0, got 0")]
    [InlineData("objective plot --objective dpo --out x.png --min NaN", "--min must be a finite number, got 'NaN'")]
    [InlineData("objective eval --objective dpo --pairs p.csv --std-min 1e400", "--std-min must be a finite number, got '1e400'")]
    [InlineData("bench strategies --seeds 1001", "--seeds must be an integer in [1, 1000], got '1001'")]
    [InlineData("bench train --k 1,0", "--k must be a comma-separated list of positive integers, got '1,0'")]
    [InlineData("search --config c.yaml --http-port 70000", "--http-port must be an integer in [1, 65535], got '70000'")]
    [InlineData("search --config c.yaml --role worker", "--role: Argument 'worker' not recognized. Must be one of: 'both' 'coordinator'")]
    [InlineData("dataset --original a --target b --out c --variant loud", "--variant: Argument 'loud' not recognized. Must be one of: 'base' 'noisy' 'mixed'")]
    [InlineData("search --confgi c.yaml", "Unrecognized command or argument '--confgi'")]
    [InlineData("status r1 --runs a --runs b", "Option '--runs' expects a single argument but 2 were provided.")]
    [InlineData("status", "Required argument 'run-id' missing for command: 'status'.")]
    [InlineData("status --jsn r1", "Unrecognized command or argument '--jsn' (a run-id does not start with '-').")]
    [InlineData("resume r1 r2", "Unrecognized command or argument 'r2'")]
    [InlineData("benchmark train", "Unrecognized command or argument 'benchmark'")]
    [InlineData("status r1 --cluster ftp://c:8080", "--cluster: 'ftp://c:8080' is not an http(s) URL (e.g. http://coordinator:8080)")]
    public async Task A_bad_command_line_is_exit_code_2_with_a_line_naming_the_option_and_a_pointer_to_help(string line, string problem)
    {
        var args = line.Split(' ');
        var result = await Evopo.RunAsync(args);
        Assert.Equal(CliApp.UsageError, result.Code);
        var known = CommandTree.Leaves().Select(l => l.Name).ToHashSet();
        var words = Enumerable.Range(0, 3).Select(n => string.Join(' ', args.Take(n))).LastOrDefault(known.Contains) ?? "";
        var command = $"evopo {words}".Trim();
        Assert.Contains($"{command}: {problem}", result.Error);
        Assert.EndsWith($"({command} --help shows the options)\n", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task An_argument_starting_with_at_is_itself_not_a_response_file()
    {
        var result = await Evopo.RunAsync("status", "@r1", "--runs", Path.Combine(Path.GetTempPath(), "evopo-no-such-runs"));
        Assert.Equal(CliApp.Failure, result.Code);
        Assert.StartsWith("evopo status: '@r1' is not a run id", result.Error);
    }

    [Theory]
    [MemberData(nameof(NumericOptions))]
    public async Task A_value_that_is_not_a_number_is_refused_naming_its_option(string command, string option)
    {
        var result = await Evopo.RunAsync([.. command.Split(' '), option, "ten"]);
        Assert.Equal(CliApp.UsageError, result.Code);
        Assert.Matches($"evopo {command}: {option} must be [^\n]*, got 'ten'\n", result.Error);
    }

    [Theory]
    [MemberData(nameof(RequiredOptions))]
    public async Task A_missing_required_option_is_named(string command, string option)
    {
        var result = await Evopo.RunAsync(command.Split(' '));
        Assert.Equal(CliApp.UsageError, result.Code);
        Assert.Contains($"evopo {command}: Option '{option}' is required.\n", result.Error);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task Every_command_refuses_an_unknown_option_by_name(string command)
    {
        var result = await Evopo.RunAsync([.. command.Split(' '), "--no-such-option"]);
        Assert.Equal(CliApp.UsageError, result.Code);
        Assert.Contains($"evopo {command}: Unrecognized command or argument '--no-such-option'", result.Error);
    }

    private static TheoryData<string, string> Options(Func<Option, bool> which)
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, command) in CommandTree.Leaves())
        foreach (var option in CommandTree.OptionsOf(command).Where(which))
            data.Add(name, option.Name);
        return data;
    }
}
