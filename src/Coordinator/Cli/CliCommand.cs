using System.CommandLine;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// One <c>evopo</c> command: a System.CommandLine <see cref="Command"/> whose options are declared once (name, help,
/// default, range), with what its help shows under the options (<see cref="Details"/>, <see cref="Examples"/>) and the
/// work it does with the parsed values. Its exit code is <see cref="RunAsync"/>'s; <see cref="CliApp"/> turns its
/// exceptions into one line and an exit code.
/// </summary>
public abstract class CliCommand : Command
{
    /// <param name="name">The word after <c>evopo</c> (or after its group, e.g. "train" in <c>evopo bench train</c>).</param>
    /// <param name="summary">One line, for the list of commands and the top of the command's help.</param>
    /// <param name="details">Paragraphs the help prints after the options (empty: none).</param>
    /// <param name="examples">Whole command lines, at least one.</param>
    protected CliCommand(string name, string summary, string details, params string[] examples) : base(name, summary)
    {
        Details = details;
        Examples = examples;
        SetAction(RunAsync);
    }

    public string Details { get; }

    public IReadOnlyList<string> Examples { get; }

    protected abstract Task<int> RunAsync(ParseResult parse, CancellationToken cancellation);

    /// <summary>Whether <c>--verbose</c> (declared once, on the root, for every command) was given.</summary>
    protected static bool Verbose(ParseResult parse) => parse.GetValue<bool>(CliOptions.VerboseName);
}
