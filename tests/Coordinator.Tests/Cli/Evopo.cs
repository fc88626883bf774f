using EvoPo.Coordinator.Cli;

namespace EvoPo.Coordinator.Tests.Cli;

/// <summary>
/// <c>evopo ARGS</c> in this process, through the real parser and error handling (<see cref="CliApp"/> over
/// <see cref="Commands"/>): the exit code, and what the CLI itself wrote (help; usage errors and failures). What a
/// command prints goes to the console as usual.
/// </summary>
internal static class Evopo
{
    public sealed record Result(int Code, string Output, string Error);

    public static Task<Result> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public static async Task<Result> RunAsync(CancellationToken cancellation, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var code = await new CliApp(Commands.Create()).RunAsync(args, cancellation, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs a command that must succeed (exit code 0); its error output is the assertion's message otherwise.</summary>
    public static async Task SucceedsAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.Code == 0, $"evopo {string.Join(' ', args)} exited {result.Code}: {result.Error}");
    }

    /// <summary>Runs a command line that is wrong (exit code 2) and returns what the CLI said.</summary>
    public static Task<string> UsageErrorAsync(params string[] args) => ExpectAsync(CliApp.UsageError, args);

    /// <summary>Runs a command that fails (exit code 1) and returns what the CLI said.</summary>
    public static Task<string> FailureAsync(params string[] args) => ExpectAsync(CliApp.Failure, args);

    private static async Task<string> ExpectAsync(int code, string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.Code == code, $"evopo {string.Join(' ', args)} exited {result.Code}, not {code}: {result.Error}");
        return result.Error;
    }
}
