using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Tests.EndToEnd;

namespace EvoPo.Coordinator.Tests.Cli;

/// <summary>Every registered command answers <c>--help</c> with its usage and an example, and exits 0.</summary>
[Collection(EndToEndCollection.Name)] // redirects the process-wide Console.Out
public sealed class CommandHelpTests
{
    public static TheoryData<string> CommandNames() => new(Commands.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task Help_prints_usage_and_an_example_and_exits_0(string name)
    {
        var (code, output) = await Run([.. name.Split(' '), "--help"]);
        Assert.Equal(0, code);
        Assert.Contains($"usage: evopo {name}", output);
        Assert.Contains("example", output);
        Assert.Contains($"evopo {name}", output[output.IndexOf("example", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Top_level_help_lists_every_command()
    {
        var (code, output) = await Run(["--help"]);
        Assert.Equal(0, code);
        Assert.All(Commands.All, c => Assert.Contains($"  {c.Name} ", output));
    }

    private static async Task<(int Code, string Output)> Run(string[] args)
    {
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            var code = await new CliApp(Commands.All).RunAsync(args, CancellationToken.None);
            return (code, captured.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
