using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Runs;
using EvoPo.Coordinator.Tests.EndToEnd;
using EvoPo.Coordinator.Tests.Pretrain;

namespace EvoPo.Coordinator.Tests.Cli;

[Collection(EndToEndCollection.Name)] // redirects the process-wide Console.Out
public sealed class CliAppTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-cliapp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Throwing(Exception exception) : CliCommand("throw", "throws", "", "evopo throw")
    {
        protected override Task<int> RunAsync(System.CommandLine.ParseResult parse, CancellationToken cancellation) => throw exception;
    }

    [Fact]
    public async Task An_unexpected_exception_is_one_line_and_exit_code_1_and_its_stack_trace_needs_verbose()
    {
        var (code, error) = await Run([new Throwing(new InvalidOperationException("broken\nacross lines"))], "throw");
        Assert.Equal(CliApp.Failure, code);
        Assert.Equal("evopo throw: failed: broken across lines (InvalidOperationException; --verbose shows where)\n", error);

        (code, error) = await Run([new Throwing(new InvalidOperationException("broken"))], "throw", "--verbose");
        Assert.Equal(CliApp.Failure, code);
        Assert.StartsWith("evopo throw: failed: broken (InvalidOperationException)\n", error);
        Assert.Contains("   at ", error);
    }

    [Theory]
    [InlineData("usage", CliApp.UsageError, "evopo throw: bad\n(evopo throw --help shows the options)\n")]
    [InlineData("config", CliApp.UsageError, "evopo throw: es.population: must be even\n")]
    [InlineData("cli", CliApp.Failure, "evopo throw: bad\n")]
    public async Task Known_exceptions_are_one_line_with_their_exit_code(string kind, int expectedCode, string expectedError)
    {
        Exception exception = kind switch
        {
            "usage" => new UsageException("bad"),
            "config" => new Coordinator.Config.ConfigException("es.population", "must be even"),
            _ => new CliException("bad"),
        };
        var (code, error) = await Run([new Throwing(exception)], "throw");
        Assert.Equal(expectedCode, code);
        Assert.Equal(expectedError, error);
    }

    [Fact]
    public async Task Cancellation_is_exit_code_130()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var code = await new CliApp([new Throwing(new OperationCanceledException(cancelled.Token))]).RunAsync(["throw"], cancelled.Token, output, error);
        Assert.Equal(CliApp.Interrupted, code);
        Assert.Equal("evopo throw: interrupted\n", error.ToString());
    }

    [Fact]
    public async Task A_runs_directory_that_is_a_file_is_refused_in_one_line()
    {
        var file = Path.Combine(_dir, "runs");
        File.WriteAllText(file, "");
        var config = Path.Combine(ShippedAgentsTests.RepoRoot(), "configs", "quickstart.yaml");
        var (code, error) = await Run(Commands.Create(), "search", "--config", config, "--runs", file);
        Assert.Equal(CliApp.Failure, code);
        Assert.Equal($"evopo search: --runs '{file}' is a file; it must be a directory of runs (created when missing)\n", error);
    }

    [Fact]
    public async Task A_run_lock_that_is_a_directory_is_named_with_the_fix()
    {
        var folder = new RunFolder(Path.Combine(_dir, "runs"), "r1");
        Directory.CreateDirectory(folder.LockPath);
        var e = await Assert.ThrowsAsync<CliException>(() => SearchSession.DriveAsync(folder, create: null,
            new NodeOptions { Journal = null }, TextWriter.Null, verbose: false, CancellationToken.None));
        Assert.Equal($"run r1: its lock file {folder.LockPath} is a directory; remove it (rmdir) and run again", e.Message);
    }

    [Theory]
    [InlineData("-1e308", "1e308", "--min and --max must be finite and less than 1e308 apart")]
    [InlineData("1e300", "2e300", "no point of the grid")]
    public async Task A_plot_range_that_overflows_or_the_policy_cannot_reach_is_a_usage_error(string min, string max, string message)
    {
        var (code, error) = await Run(Commands.Create(), "objective", "plot", "--objective", "dpo", "--min", min, "--max", max, "--out", Path.Combine(_dir, "x.png"));
        Assert.Equal(CliApp.UsageError, code);
        Assert.StartsWith($"evopo objective plot: {message}", error);
    }

    [Fact]
    public async Task Status_json_of_a_corrupt_journal_is_one_valid_json_object_saying_why()
    {
        var runs = Path.Combine(_dir, "runs");
        Directory.CreateDirectory(Path.Combine(runs, "r1"));
        File.WriteAllText(Path.Combine(runs, "evopo.db"), new string('x', 4096));
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        int code;
        try
        {
            code = (await Run(Commands.Create(), "status", "r1", "--runs", runs, "--json")).Code;
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.Equal(CliApp.Failure, code);
        using var json = System.Text.Json.JsonDocument.Parse(captured.ToString());
        Assert.Equal("unreadable", json.RootElement.GetProperty("state").GetString());
        Assert.Contains("evopo.db cannot be read", json.RootElement.GetProperty("failureReason").GetString());
    }

    private static async Task<(int Code, string Error)> Run(IEnumerable<System.CommandLine.Command> commands, params string[] args)
    {
        var error = new StringWriter { NewLine = "\n" };
        var code = await new CliApp(commands).RunAsync(args, CancellationToken.None, TextWriter.Null, error);
        return (code, error.ToString());
    }
}
