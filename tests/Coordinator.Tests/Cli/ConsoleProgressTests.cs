using EvoPo.Coordinator.Cli;

namespace EvoPo.Coordinator.Tests.Cli;

public sealed class ConsoleProgressTests
{
    [Fact]
    public void Not_a_terminal_passes_the_lines_through_unchanged()
    {
        var output = new StringWriter();
        using (var progress = new ConsoleProgress(output, interactive: false))
        {
            progress.WriteLine("gen   1/60  fitness mean 1.00");
            progress.Update("generation 1/60", 1, 60);
            progress.WriteLine("gen   2/60  fitness mean 2.00");
            progress.Update("generation 2/60", 2, 60);
        }
        Assert.Equal($"gen   1/60  fitness mean 1.00{Environment.NewLine}gen   2/60  fitness mean 2.00{Environment.NewLine}", output.ToString());
    }

    [Fact]
    public void A_terminal_gets_a_status_line_with_an_ETA_that_lines_clear_and_disposal_removes()
    {
        var output = new StringWriter();
        using (var progress = new ConsoleProgress(output, interactive: true))
        {
            progress.Update("generation 1/4", 0, 4);
            Thread.Sleep(250);
            progress.Update("generation 2/4", 1, 4);
            progress.WriteLine("gen   1/4  done");
        }
        var text = output.ToString();
        Assert.Contains("generation 2/4 · 25 %", text);
        Assert.Contains("ETA ", text);
        // The line is written on a cleared status line, then the status line is redrawn under it, and erased at the end.
        Assert.Contains("\r\x1b[2Kgen   1/4  done" + Environment.NewLine + "\r\x1b[2Kgeneration 2/4", text);
        Assert.EndsWith("\r\x1b[2K", text);
    }

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(125, "2m05s")]
    [InlineData(3 * 3600 + 300, "3h05m")]
    public void Durations_read_short(int seconds, string expected) =>
        Assert.Equal(expected, ConsoleProgress.Duration(TimeSpan.FromSeconds(seconds)));
}
