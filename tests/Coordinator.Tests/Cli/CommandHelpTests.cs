using System.CommandLine;
using EvoPo.Coordinator.Cli;

namespace EvoPo.Coordinator.Tests.Cli;

/// <summary>
/// Help comes from the declarations: every command's <c>--help</c> lists each of its options with its default (and range),
/// then its examples, and exits 0.
/// </summary>
public sealed class CommandHelpTests
{
    public static TheoryData<string> CommandNames() => new(CommandTree.Leaves().Select(l => l.Name));

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task Help_lists_every_option_with_its_default_then_an_example_and_exits_0(string name)
    {
        var result = await Evopo.RunAsync([.. name.Split(' '), "--help"]);
        Assert.Equal(0, result.Code);
        var command = CommandTree.Leaves().Single(l => l.Name == name).Command;
        Assert.Contains($"  evopo {name} ", result.Output);
        Assert.Contains(command.Description!, result.Output);
        foreach (var option in CommandTree.OptionsOf(command))
        {
            var row = Row(result.Output, option.Name);
            // A flag is off unless given: System.CommandLine shows no default for it.
            if (option.HasDefaultValue && option.ValueType != typeof(bool)) Assert.EndsWith($"[default: {option.GetDefaultValue()}]", row);
            else Assert.DoesNotContain("[default:", row);
        }
        var examples = result.Output[result.Output.LastIndexOf("Example", StringComparison.Ordinal)..];
        Assert.All(command.Examples, e => Assert.Matches($"^evopo {name}( |$)", e));
        Assert.All(command.Examples, e => Assert.Contains(e, examples));
    }

    [Theory]
    [InlineData("worker", "--capacity", "--capacity <K>", "units run at once (in [1, 64]) [default: 1]")]
    [InlineData("bench train", "--k", "--k <N,N,...>", "agents trained at once, one row each [default: 1,8,32,64]")]
    [InlineData("dataset", "--noise", "--noise <P>", "label-flip probability, noisy variant only (default 0.1)")]
    [InlineData("search", "--config", "--config <FILE> (REQUIRED)", "search config (YAML); see configs/quickstart.yaml")]
    [InlineData("search", "--runs", "--runs <DIR>", "runs directory; a run is DIR/<run-id>/, its journal DIR/evopo.db [default: runs]")]
    [InlineData("resume", "--verbose", "--verbose", "also print a line per completed work unit")]
    public async Task An_option_row_reads_as_declared(string name, string option, string first, string second)
    {
        var row = Row((await Evopo.RunAsync([.. name.Split(' '), "--help"])).Output, option);
        Assert.StartsWith(first + "  ", row);
        Assert.Contains(second, row);
    }

    [Fact]
    public async Task Top_level_help_lists_every_command_and_group()
    {
        var result = await Evopo.RunAsync("--help");
        Assert.Equal(0, result.Code);
        Assert.All(CommandTree.Root().Subcommands, c => Assert.Matches($@"\n  {c.Name}( <run-id>)? +{System.Text.RegularExpressions.Regex.Escape(c.Description!)}\n", result.Output));
        var bench = await Evopo.RunAsync("bench", "--help");
        Assert.All(["train", "sim", "cluster", "leverage", "strategies"], c => Assert.Matches($@"\n  {c} +\S", bench.Output));
    }

    [Fact]
    public async Task Bare_evopo_prints_the_commands_and_is_a_usage_error()
    {
        var result = await Evopo.RunAsync();
        Assert.Equal(CliApp.UsageError, result.Code);
        Assert.Contains("  search ", result.Output);
    }

    /// <summary>The help row of an option: its line and any continuation lines, from the option's name on.</summary>
    private static string Row(string help, string option)
    {
        var lines = help.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith($"  {option} ", StringComparison.Ordinal) || l == $"  {option}");
        Assert.True(start >= 0, $"no row for {option} in:\n{help}");
        var row = lines[start].Trim();
        for (var i = start + 1; i < lines.Length && lines[i].StartsWith("    ", StringComparison.Ordinal); i++) row += " " + lines[i].Trim();
        return System.Text.RegularExpressions.Regex.Replace(row, @"(\S)  +", "$1  ");
    }
}
