using EvoPo.Coordinator.Config;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// Dispatches <c>evopo &lt;command&gt; ...</c> to a command, prints help and turns known errors into messages; any other
/// exception becomes one line and exit code 1 (its stack trace too with <c>--verbose</c>), never a crash.
/// </summary>
public sealed class CliApp(IReadOnlyList<ICliCommand> commands)
{
    public const int UsageError = 2;
    public const int Failure = 1;
    public const int Interrupted = 130;

    public async Task<int> RunAsync(string[] args, CancellationToken cancellation)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.Write(Help());
            return args.Length == 0 ? UsageError : 0;
        }

        // Longest match first, so "bench train" wins over a hypothetical "bench".
        var command = commands
            .Where(c => Matches(c.Name, args))
            .OrderByDescending(c => c.Name.Split(' ').Length)
            .FirstOrDefault();
        if (command is null)
        {
            Console.Error.WriteLine($"evopo: unknown command '{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')).Take(2))}'");
            Console.Error.Write(Help());
            return UsageError;
        }

        var rest = args.Skip(command.Name.Split(' ').Length).ToArray();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            Console.Out.WriteLine(command.Usage);
            return 0;
        }

        try
        {
            return await command.RunAsync(new CliArgs(command.Name, rest), cancellation);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine();
            Console.Error.WriteLine(command.Usage);
            return UsageError;
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"evopo {command.Name}: {e.Message}");
            return UsageError;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine($"evopo {command.Name}: interrupted");
            return Interrupted;
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"evopo {command.Name}: {e.Message}");
            return Failure;
        }
        catch (Exception e)
        {
            var message = string.Join(' ', e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            var verbose = rest.Contains("--verbose");
            Console.Error.WriteLine($"evopo {command.Name}: failed: {message} ({e.GetType().Name}{(verbose ? "" : "; --verbose shows where")})");
            if (verbose) Console.Error.WriteLine(e);
            return Failure;
        }
    }

    private static bool Matches(string name, string[] args)
    {
        var words = name.Split(' ');
        return args.Length >= words.Length && words.Select((w, i) => args[i] == w).All(m => m);
    }

    private string Help()
    {
        var width = commands.Max(c => c.Name.Length);
        var lines = commands.Select(c => $"  {c.Name.PadRight(width)}  {c.Summary}");
        return "evopo: discover preference-optimization losses with evolution strategies\n\n" +
               "usage: evopo <command> [options]   (evopo <command> --help for details)\n\n" +
               string.Join('\n', lines) + "\n";
    }
}
