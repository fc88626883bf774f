using System.CommandLine;
using EvoPo.Coordinator.Cli;

namespace EvoPo.Coordinator.Tests.Cli;

/// <summary>The <c>evopo</c> commands as the CLI declares them, for tests that go over every command and option.</summary>
internal static class CommandTree
{
    public static Command Root() => new CliApp(Commands.Create()).Root;

    /// <summary>Every runnable command with its words after <c>evopo</c> ("bench train").</summary>
    public static IEnumerable<(string Name, CliCommand Command)> Leaves() => Leaves(Root(), "");

    /// <summary>The options a command takes: its own and those its ancestors pass down (<c>--verbose</c>), without <c>--help</c>.</summary>
    public static IEnumerable<Option> OptionsOf(Command command) =>
        command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)))
            .Where(o => o is not System.CommandLine.Help.HelpOption);

    private static IEnumerable<(string, CliCommand)> Leaves(Command command, string prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            var name = (prefix + " " + sub.Name).Trim();
            if (sub is CliCommand leaf) yield return (name, leaf);
            foreach (var deeper in Leaves(sub, name)) yield return deeper;
        }
    }
}
