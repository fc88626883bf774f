using System.Collections.Concurrent;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>A search small enough for end-to-end tests: a few generations of 8 candidates in 4 units of 2, seconds per run.</summary>
internal static class SmallSearchConfig
{
    /// <param name="strategy">Keys of <c>es</c> that choose the strategy and its settings (default: OpenAI-ES at learning rate 0.1).</param>
    /// <param name="epochs">Training epochs per agent; a test that kills a process between two units raises it so that a
    /// unit takes about half a second and the kill lands inside the generation even on a loaded machine.</param>
    /// <param name="simulated">Whether the run takes simulated workers (<c>--simulate-unit-seconds</c>, <c>work.simulated</c>).</param>
    public static string WriteTo(string directory, int generations = 3, string strategy = "learningRate: 0.1", int epochs = 2, bool simulated = false)
    {
        var config = Path.Combine(directory, $"small-{generations}-{epochs}-{Math.Abs(strategy.GetHashCode()):x}{(simulated ? "-simulated" : "")}.yaml");
        File.WriteAllText(config, $$"""
            task: { name: crawler-3leg, episodeLength: 60 }
            dataset: { pairs: 48, variant: noisy, noise: 0.2 }
            objective: { lambda: 0.5, inputTemperature: 5.0 }
            training: { epochs: {{epochs}}, minibatchPairs: 8 }
            evaluation: { episodes: 4 }
            es: { population: 8, generations: {{generations}}, sigma0: 0.5, {{strategy}}, snapshotEvery: 2 }
            work: { unitSize: 2{{(simulated ? ", simulated: true" : "")}} }
            report: { baselines: [orpo], seeds: 1 }
            """);
        return config;
    }

    private static readonly ConcurrentDictionary<(int, string, int), Lazy<string>> Digests = new();

    /// <summary>
    /// The final meanDigest of <see cref="WriteTo"/>'s config run uninterrupted in one process (<c>evopo search</c>), computed
    /// once per test run: the cluster, submission and resume tests compare their runs with it.
    /// </summary>
    public static string DigestAlone(int generations = 3, string strategy = "learningRate: 0.1", int epochs = 2) =>
        Digests.GetOrAdd((generations, strategy, epochs), _ => new Lazy<string>(() =>
        {
            var directory = Directory.CreateTempSubdirectory("evopo-alone-").FullName;
            try
            {
                var (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "search", "--config",
                    WriteTo(directory, generations, strategy, epochs), "--runs", directory);
                Xunit.Assert.True(code == 0, output);
                return EvopoProcess.DigestIn(output);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        })).Value;
}
