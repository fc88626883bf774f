namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// The final meanDigest of a small search (<see cref="Generations"/> generations) run straight through, computed once for
/// the tests of a class that interrupt, break and repair the same search and expect it to end the same.
/// </summary>
public sealed class StraightRunFixture : IDisposable
{
    public const int Generations = 4;

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-straight-").FullName;
    private readonly Lazy<string> _digest;

    public StraightRunFixture() => _digest = new(() =>
    {
        var (code, output) = EvopoProcess.Run(EvopoProcess.Timeout, "search", "--config", SmallSearchConfig.WriteTo(_dir, Generations),
            "--runs", Path.Combine(_dir, "runs"));
        Assert.True(code == 0, output);
        return EvopoProcess.DigestIn(output);
    });

    public string Digest => _digest.Value;

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
