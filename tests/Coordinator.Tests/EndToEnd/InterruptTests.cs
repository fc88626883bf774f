namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>Ctrl-C on a long command that writes a file: exit 130, a clear message, and the old file or nothing, never half a file.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class InterruptTests
{
    [Fact]
    public void Ctrl_C_during_dataset_leaves_the_old_file_and_no_partial_one()
    {
        var dir = Directory.CreateTempSubdirectory("evopo-interrupt-").FullName;
        try
        {
            var outPath = Path.Combine(dir, "data.evopods");
            File.WriteAllText(outPath, "the previous dataset");
            using var dataset = EvopoProcess.Start("dataset", "--original", "agents/crawler-original.agent.json",
                "--target", "agents/crawler-target.agent.json", "--pairs", "20000", "--episode-length", "50", "--out", outPath);
            // Printed (to stderr, as output is not a terminal) after the first chunk of pairs is written to the temporary file.
            dataset.WaitForLine(l => l.Trim() == "64/20000 pairs", EvopoProcess.Timeout);
            dataset.Interrupt();
            Assert.Equal(130, dataset.WaitForExit(EvopoProcess.Timeout));
            Assert.Contains($"{outPath} not written", dataset.Output);
            Assert.Equal("the previous dataset", File.ReadAllText(outPath));
            Assert.Equal([outPath], Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
