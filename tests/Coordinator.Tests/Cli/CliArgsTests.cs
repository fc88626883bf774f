using EvoPo.Coordinator.Cli;

namespace EvoPo.Coordinator.Tests.Cli;

public sealed class CliArgsTests
{
    [Fact]
    public void Options_flags_and_positionals_are_read()
    {
        var args = new CliArgs("x", ["run-1", "--runs", "dir", "--json", "--k=1,8"]);
        Assert.Equal("dir", args.Option("runs"));
        Assert.True(args.Flag("json"));
        Assert.False(args.Flag("verbose"));
        Assert.Equal([1, 8], args.IntList("k", []));
        Assert.Equal("run-1", args.Positional(0, "<run-id>"));
        args.EnsureAllUsed(maxPositionals: 1);
    }

    [Fact]
    public void A_flag_before_a_positional_gives_the_positional_back()
    {
        var args = new CliArgs("x", ["--json", "run-1"]);
        Assert.True(args.Flag("json"));
        Assert.Equal("run-1", args.Positional(0, "<run-id>"));
    }

    [Fact]
    public void Unknown_options_are_named()
    {
        var args = new CliArgs("search", ["--confgi", "a.yaml"]);
        args.Option("config");
        var error = Assert.Throws<UsageException>(() => args.EnsureAllUsed(0));
        Assert.Contains("--confgi", error.Message);
    }

    [Theory]
    [InlineData("--episodes", "ten", "must be an integer")]
    [InlineData("--episodes", "0", "must be in [1,")]
    public void Bad_numbers_are_refused_with_the_option_name(string name, string value, string problem)
    {
        var args = new CliArgs("x", [name, value]);
        var error = Assert.Throws<UsageException>(() => args.Int("episodes", 1, min: 1));
        Assert.Contains("--episodes", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Repeated_and_valueless_options_are_refused()
    {
        Assert.Throws<UsageException>(() => new CliArgs("x", ["--runs", "a", "--runs", "b"]));
        var error = Assert.Throws<UsageException>(() => new CliArgs("x", ["--runs"]).Option("runs"));
        Assert.Contains("needs a value", error.Message);
        Assert.Throws<UsageException>(() => new CliArgs("x", ["a", "b"]).EnsureAllUsed(1));
    }

    [Fact]
    public void Non_finite_doubles_are_refused()
    {
        Assert.Throws<UsageException>(() => new CliArgs("x", ["--lr", "NaN"]).Double("lr", 1));
        Assert.Equal(0.5, new CliArgs("x", ["--lr", "0.5"]).Double("lr", 1));
    }
}
