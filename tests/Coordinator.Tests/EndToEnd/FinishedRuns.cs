namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// Two finished runs, A and B, of a tiny search (4 candidates, 1 generation) in one runs directory (one SQLite journal),
/// made once per test class; each test damages its own copy (<see cref="CopyRuns"/>).
/// </summary>
public sealed class FinishedRuns : IDisposable
{
    public FinishedRuns()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("evopo-finished-runs-").FullName;
        Config = WriteConfig("tiny.yaml", population: 4);
        OtherConfig = WriteConfig("tiny-8.yaml", population: 8);
        Runs = Path.Combine(Directory, "runs");
        foreach (var id in new[] { "A", "B" })
        {
            var (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "search", "--config", Config, "--runs", Runs, "--run-id", id);
            if (code != 0) throw new InvalidOperationException($"search {id} exited {code}:\n{output}");
        }
    }

    public string Directory { get; }

    /// <summary>The config of A and B.</summary>
    public string Config { get; }

    /// <summary>The same search with population 8.</summary>
    public string OtherConfig { get; }

    public string Runs { get; }

    /// <summary>A copy of the runs directory (journal and folders), for one test to change.</summary>
    public string CopyRuns()
    {
        var copy = System.IO.Directory.CreateTempSubdirectory("evopo-runs-copy-").FullName;
        foreach (var file in System.IO.Directory.EnumerateFiles(Runs, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Runs, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private string WriteConfig(string name, int population)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, $$"""
            task: { name: crawler-3leg, episodeLength: 20 }
            dataset: { pairs: 16 }
            objective: { lambda: 0.5, inputTemperature: 5.0 }
            training: { epochs: 1, minibatchPairs: 8 }
            evaluation: { episodes: 2 }
            es: { population: {{population}}, generations: 1 }
            work: { unitSize: 4 }
            report: { baselines: [sft], seeds: 1 }
            """);
        return path;
    }
}
