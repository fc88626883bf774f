using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Tests.Cli;

namespace EvoPo.Coordinator.Tests.Api;

public sealed class ClusterClientTests
{
    [Fact]
    public async Task A_coordinator_that_is_not_there_is_one_line_naming_its_url()
    {
        var result = await Evopo.RunAsync("runs", "--cluster", "http://127.0.0.1:1");
        Assert.Equal(CliApp.Failure, result.Code);
        Assert.StartsWith("evopo runs: cannot reach the coordinator at http://127.0.0.1:1/: ", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task A_token_file_that_is_empty_is_refused_before_anything_is_sent()
    {
        var empty = Path.GetTempFileName();
        try
        {
            var result = await Evopo.RunAsync("status", "r1", "--cluster", "http://127.0.0.1:1", "--token-file", empty);
            Assert.Equal(CliApp.Failure, result.Code);
            Assert.StartsWith($"evopo status: --token-file: '{empty}' is empty; it must hold the API token", result.Error);
        }
        finally
        {
            File.Delete(empty);
        }
    }
}
