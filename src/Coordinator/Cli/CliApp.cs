using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using EvoPo.Coordinator.Config;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// <c>evopo &lt;command&gt; ...</c> on System.CommandLine: parses against the commands' declared options, prints help
/// (with each command's details and examples), and turns errors into one line and an exit code: 2 for a usage error
/// (unknown option, missing or bad value, <see cref="UsageException"/>, <see cref="ConfigException"/>), 1 for a failure
/// (<see cref="CliException"/>, or any other exception, whose stack trace only <c>--verbose</c> prints), 130 when the
/// cancellation token (Ctrl-C, SIGTERM: Program) stopped it. Never a crash.
/// </summary>
public sealed class CliApp
{
    public const int UsageError = 2;
    public const int Failure = 1;
    public const int Interrupted = 130;

    private readonly RootCommand _root = new("evopo: discover preference-optimization losses with evolution strategies");

    public CliApp(IEnumerable<Command> commands)
    {
        _root.Options.Add(CliOptions.Verbose());
        foreach (var command in commands) _root.Subcommands.Add(command);
        var help = _root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExamples((HelpAction)help.Action!);
    }

    public Command Root => _root;

    /// <param name="output">Where help goes (default: standard output); the commands themselves write to the console.</param>
    /// <param name="error">Where usage errors and failures go (default: standard error).</param>
    public async Task<int> RunAsync(string[] args, CancellationToken cancellation, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        // Bare `evopo` (or `evopo help`) shows the list of commands; bare, it is still a usage error.
        // No response files: an argument that starts with '@' (a path, a run id) means itself, as it always has.
        var parse = _root.Parse(args is [] or ["help"] ? ["--help"] : args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var name = CommandName(parse.CommandResult);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var problem in parse.Errors) error.WriteLine($"{name}: {Describe(problem)}");
            error.WriteLine($"({name} --help shows the options)");
            return UsageError;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            // Program handles SIGINT and SIGTERM (the cancellation token); System.CommandLine's own handler would race it.
            ProcessTerminationTimeout = null,
        };
        try
        {
            var code = await parse.InvokeAsync(configuration, cancellation);
            return args.Length == 0 ? UsageError : code;
        }
        catch (UsageException e)
        {
            error.WriteLine($"{name}: {e.Message}");
            error.WriteLine($"({name} --help shows the options)");
            return UsageError;
        }
        catch (ConfigException e)
        {
            error.WriteLine($"{name}: {e.Message}");
            return UsageError;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine($"{name}: interrupted");
            return Interrupted;
        }
        catch (CliException e)
        {
            error.WriteLine($"{name}: {e.Message}");
            return Failure;
        }
        catch (Exception e)
        {
            var message = string.Join(' ', e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            var verbose = parse.GetValue<bool>(CliOptions.VerboseName);
            error.WriteLine($"{name}: failed: {message} ({e.GetType().Name}{(verbose ? "" : "; --verbose shows where")})");
            if (verbose) error.WriteLine(e);
            return Failure;
        }
    }

    /// <summary>"evopo bench train": the words of the command that was parsed.</summary>
    private static string CommandName(CommandResult? command)
    {
        var words = new List<string>();
        for (var result = command; result?.Parent is CommandResult parent; result = parent) words.Insert(0, result.Command.Name);
        return string.Join(' ', ["evopo", .. words]);
    }

    /// <summary>One line; an error about a value says which option it belongs to.</summary>
    private static string Describe(ParseError problem)
    {
        var message = string.Join(' ', problem.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var (name, label) = problem.SymbolResult switch
        {
            OptionResult o => (o.Option.Name, o.Option.Name),
            ArgumentResult { Parent: OptionResult o } => (o.Option.Name, o.Option.Name),
            ArgumentResult a => (a.Argument.Name, $"<{a.Argument.Name}>"),
            _ => (null, null),
        };
        return name is null || message.Contains(name, StringComparison.Ordinal) ? message : $"{label}: {message}";
    }

    /// <summary>System.CommandLine's help, then the command's details and examples.</summary>
    private sealed class HelpWithExamples(HelpAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parse)
        {
            var code = help.Invoke(parse);
            if (parse.CommandResult.Command is not CliCommand command) return code;
            var output = parse.InvocationConfiguration.Output;
            if (command.Details.Length > 0)
            {
                output.WriteLine(command.Details.TrimEnd());
                output.WriteLine();
            }
            output.WriteLine(command.Examples.Count > 1 ? "Examples:" : "Example:");
            foreach (var example in command.Examples) output.WriteLine($"  {example}");
            return code;
        }
    }
}
